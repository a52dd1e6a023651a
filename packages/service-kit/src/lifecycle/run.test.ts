import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const fixture = new URL('../testing/fixtures/run-service.fixture.ts', import.meta.url).pathname;

function run(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; service?: string; msg: string });
  return { status: result.status, lines };
}

describe('runService', () => {
  it('logs a configuration error on one fatal line naming the service, and exits 1', () => {
    const { status, lines } = run({ KAFKA_BROKERS: '127.0.0.1:1' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, service: 'probe' });
    expect(lines[0]?.msg).toContain('DATABASE_URL');
  });

  it('honours LOG_LEVEL before the configuration is read, and logs an invalid one as the error', () => {
    expect(run({ LOG_LEVEL: 'silent', KAFKA_BROKERS: '127.0.0.1:1' })).toEqual({ status: 1, lines: [] });
    const invalid = run({ LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: '127.0.0.1:1' });
    expect(invalid.status).toBe(1);
    expect(invalid.lines[0]?.msg).toContain('LOG_LEVEL');
  });

  it('refuses to start without exactly one token key setting, naming them, before connecting anywhere', () => {
    const reachable = { DATABASE_URL: 'postgres://127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' };
    const names = { AUTH_ISSUER: 'issuer', AUTH_AUDIENCE: 'audience' };
    const none = run({ ...reachable, ...names });
    expect(none.status).toBe(1);
    // Tracing may say how it is set up first; the refusal is the only error, and the last line.
    expect(none.lines.filter((line) => line.level >= 40)).toHaveLength(1);
    expect(none.lines.map((line) => line.msg).join('\n')).not.toMatch(/connect|security/i);
    expect(none.lines.at(-1)?.msg).toContain(
      'set exactly one of AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_URL',
    );
    const several = run({
      ...reachable,
      ...names,
      AUTH_JWT_SECRET: 'x'.repeat(32),
      AUTH_JWKS_URL: 'https://k.test/',
    });
    expect(several.status).toBe(1);
    expect(several.lines.at(-1)?.msg).toContain('AUTH_JWT_SECRET and AUTH_JWKS_URL are set');
    const unnamed = run({ ...reachable, AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(unnamed.lines.at(-1)?.msg).toContain('AUTH_ISSUER');
  }, 60_000);
});
