import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** The CA a client trusts (what DATABASE_TLS_CA_FILE or KAFKA_TLS_CA_FILE names). */
  caFile: string;
  /** The server's certificate, for 127.0.0.1 and localhost, signed by that CA. */
  certFile: string;
  keyFile: string;
}

// Two days: a throwaway CA for one run; P-256 keys, which openssl makes in milliseconds.
const days = '2';
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    throw new Error(
      code === 'ENOENT'
        ? 'devstack: TLS needs the openssl command (apt-get install -y openssl)'
        : `devstack: openssl ${args[0]} failed: ${stderr?.trim() ?? (error as Error).message}`,
    );
  }
}

/**
 * A fresh self-signed CA and a server certificate it signed, for 127.0.0.1 and
 * localhost, in `dir`: what a local server needs for clients to check it as
 * verify-full. Made with the openssl command line, which Debian ships.
 */
export async function createTestCertificates(dir: string, name: string): Promise<TestCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = (suffix: string) => join(dir, `${name}-${suffix}`);
  const files = { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
  const caKey = file('ca.key');
  const request = file('server.csr');
  const extensions = file('server.ext');
  await openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    caKey,
    '-out',
    files.caFile,
    '-days',
    days,
    '-subj',
    `/CN=sagaflow devstack ${name} CA`,
  ]);
  await openssl([
    'req',
    '-new',
    ...ecKey,
    '-keyout',
    files.keyFile,
    '-out',
    request,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  await writeFile(extensions, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    files.caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    files.certFile,
    '-days',
    days,
    '-extfile',
    extensions,
  ]);
  // Nothing signs with the CA again.
  await Promise.all([caKey, request, extensions, file('ca.srl')].map((path) => rm(path, { force: true })));
  return files;
}
