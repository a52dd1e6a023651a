import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

export type DockerProbe = { kind: 'socket'; path: string } | { kind: 'tcp'; host: string; port: number };

/**
 * Where a Docker engine may listen, most explicit first. An empty list means there
 * is nothing to ask, so the decision costs no time (importing testcontainers alone
 * takes half a second). 'defer' means only testcontainers can tell (TLS, ssh,
 * a testcontainers.properties file).
 */
export function dockerProbes(
  env: NodeJS.ProcessEnv,
  fileExists: (path: string) => boolean = existsSync,
  home: string = homedir(),
  uid: number = userInfo().uid,
): DockerProbe[] | 'defer' {
  const host = env.DOCKER_HOST?.trim();
  if (host) {
    if (host.startsWith('unix://')) return [{ kind: 'socket', path: host.slice('unix://'.length) }];
    const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(host);
    if (tcp && !env.DOCKER_TLS_VERIFY && tcp[1] && tcp[2])
      return [{ kind: 'tcp', host: tcp[1], port: Number(tcp[2]) }];
    return 'defer';
  }
  const properties = join(home, '.testcontainers.properties');
  if (fileExists(properties) && /^\s*(docker\.host|tc\.host)\s*=/m.test(readProperties(properties)))
    return 'defer';
  const sockets = [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'docker.sock') : undefined,
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    `/run/user/${uid}/docker.sock`,
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
  ];
  return [...new Set(sockets)]
    .filter((path): path is string => path !== undefined && fileExists(path))
    .map((path) => ({ kind: 'socket', path }));
}

function readProperties(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** GET /_ping; true only for an engine that answers OK within the timeout. */
export function pingDocker(probe: DockerProbe, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const target =
      probe.kind === 'socket' ? { socketPath: probe.path } : { host: probe.host, port: probe.port };
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Whether a Docker engine answers; decides within about a second when there is none. */
export async function dockerReachable(env: NodeJS.ProcessEnv, timeoutMs = 800): Promise<boolean> {
  const probes = dockerProbes(env);
  if (probes === 'defer') {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 3_000).unref());
    return Promise.race([
      getContainerRuntimeClient().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  }
  for (const probe of probes) {
    if (await pingDocker(probe, timeoutMs)) return true;
  }
  return false;
}
