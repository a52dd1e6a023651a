import {
  clientCertificate,
  type EnvSource,
  refuseWithoutTls,
  SecurityConfigError,
  setting,
  tlsMode,
} from './env-settings.js';

export const postgresTlsVariables = {
  tls: 'DATABASE_TLS',
  caFile: 'DATABASE_TLS_CA_FILE',
  certFile: 'DATABASE_TLS_CERT_FILE',
  keyFile: 'DATABASE_TLS_KEY_FILE',
} as const;

const v = postgresTlsVariables;

/** Connection-string parameters node-postgres reads TLS settings from, over any `ssl` option it is given. */
const urlTlsParameters = [
  'ssl',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslnegotiation',
  'uselibpqcompat',
];

export interface PostgresTlsSettings {
  /** The URL without TLS parameters: node-postgres would otherwise let them override `tls`. */
  connectionString: string;
  /** Absent: no TLS. Present: TLS with the server's certificate and host name checked. */
  tls?: { caFile?: string; client?: { certFile: string; keyFile: string } };
}

/**
 * Postgres TLS from DATABASE_TLS and its files. TLS is configured in one place: a
 * DATABASE_URL that asks for something else (sslmode=require or prefer, which do not
 * check the certificate; sslmode=disable with DATABASE_TLS on; a root cert of its own)
 * is refused rather than left to win silently. `sslmode=verify-full` with DATABASE_TLS
 * on, and `sslmode=disable` with it off, agree and are accepted.
 */
export function parsePostgresTls(url: string, urlVariable: string, env: EnvSource): PostgresTlsSettings {
  const mode = tlsMode(env, v.tls);
  const connectionString = withoutTlsParameters(url, urlVariable, mode);
  if (mode === 'off') {
    refuseWithoutTls(env, v.tls, [v.caFile, v.certFile, v.keyFile]);
    return { connectionString };
  }
  const caFile = setting(env, v.caFile);
  const client = clientCertificate(env, v.certFile, v.keyFile);
  return {
    connectionString,
    tls: { ...(caFile === undefined ? {} : { caFile }), ...(client === undefined ? {} : { client }) },
  };
}

/** `url` without the TLS parameters that agree with `mode`; any other TLS parameter is refused. */
function withoutTlsParameters(url: string, urlVariable: string, mode: 'off' | 'verify-full'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // node-postgres reads some URLs WHATWG does not (a socket directory as host): fine without TLS parameters.
    if (!/[?&](ssl|uselibpqcompat)/i.test(url)) return url;
    throw new SecurityConfigError(`${urlVariable} is not a URL whose TLS parameters can be checked`, [
      urlVariable,
    ]);
  }
  let changed = false;
  for (const name of urlTlsParameters) {
    const value = parsed.searchParams.get(name);
    if (value === null) continue;
    const agrees = name === 'sslmode' && value === (mode === 'off' ? 'disable' : 'verify-full');
    if (!agrees)
      throw new SecurityConfigError(
        `${urlVariable} has ${name}=${value}, which ${v.tls}=${mode} does not allow: configure TLS with ${v.tls}=verify-full and ${v.caFile} (or sslmode=${mode === 'off' ? 'disable' : 'verify-full'}) instead`,
        [urlVariable, v.tls],
      );
    parsed.searchParams.delete(name);
    changed = true;
  }
  return changed ? parsed.toString() : url;
}

export function describePostgresTls(settings: PostgresTlsSettings): string {
  if (!settings.tls) return 'no TLS';
  return `TLS verify-full${settings.tls.caFile ? ` (CA ${settings.tls.caFile})` : ''}${settings.tls.client ? ' with a client certificate' : ''}`;
}
