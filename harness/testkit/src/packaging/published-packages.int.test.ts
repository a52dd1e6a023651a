import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDatabase } from '@sagaflow/devstack';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../names.js';
import '../vitest-context.js';

// What a user of the published packages gets: the tarballs `pnpm pack` makes, installed
// with npm into a project outside the workspace, used only through their package exports.
const repoRoot = new URL('../../../../', import.meta.url).pathname;
const outboxDir = join(repoRoot, 'packages/outbox');
const published = ['packages/outbox', 'packages/contracts'];
const quickstart = join(outboxDir, 'examples/quickstart.ts');
const typescript = join(repoRoot, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);

interface Manifest {
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

// The workspace's own settings must not reach npm (pnpm sets npm_config_* for its children).
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')),
);

const scratch = mkdtempSync(join(tmpdir(), 'sagaflow-published-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

beforeAll(async () => {
  for (const dir of published) {
    await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: join(repoRoot, dir), env: cleanEnv });
  }
  const tarballs = readdirSync(scratch).filter((file) => file.endsWith('.tgz'));
  expect(tarballs.sort()).toEqual(['sagaflow-contracts-0.1.0.tgz', 'sagaflow-outbox-0.1.0.tgz']);
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: ['node'],
        outDir: 'out',
        // drizzle-orm's declarations for other databases need those databases' drivers.
        skipLibCheck: true,
      },
      files: ['quickstart.ts'],
    }),
  );
  copyFileSync(quickstart, join(scratch, 'quickstart.ts'));
  // The quickstart's imports at the ranges the outbox is built against, and the types a
  // TypeScript user adds; the workspace's versions, so a bump here is a bump there.
  const outbox = manifest(join(outboxDir, 'package.json'));
  const root = manifest(join(repoRoot, 'package.json'));
  const at = (name: string, versions: Record<string, string> | undefined) => {
    const range = versions?.[name];
    if (range === undefined) throw new Error(`no version of ${name} in the workspace's manifests`);
    return `${name}@${range}`;
  };
  const dependencies = [
    ...['drizzle-orm', 'kafkajs', 'pg', 'pino'].map((name) => at(name, outbox.dependencies)),
    at('@types/pg', outbox.devDependencies),
    at('@types/node', root.devDependencies),
  ];
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...tarballs.map((t) => `./${t}`),
      ...dependencies,
    ],
    { cwd: scratch, env: cleanEnv },
  );
}, 300_000);

describe('the published packages', () => {
  it('carry the compiled code, the migrations and the license, not the source condition, tests or build state', () => {
    for (const name of ['outbox', 'contracts']) {
      const installed = join(scratch, 'node_modules/@sagaflow', name);
      const files = filesUnder(installed);
      expect(files).toEqual(expect.arrayContaining(['LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((file) => file.endsWith('.test.ts') || file.includes('tsbuildinfo'))).toEqual([]);
      expect(JSON.stringify(manifest(join(installed, 'package.json')).exports)).not.toContain(
        '@sagaflow/source',
      );
    }
    const outbox = filesUnder(join(scratch, 'node_modules/@sagaflow/outbox'));
    expect(outbox).toEqual(
      expect.arrayContaining(['README.md', 'drizzle/meta/_journal.json', 'dist/cli/relay.js']),
    );
  });

  it('document the quickstart that this test runs, word for word', () => {
    const readme = readFileSync(join(outboxDir, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${readFileSync(quickstart, 'utf8')}\`\`\``);
  });

  it('run the quickstart on the local stack: migrate, enqueue, relay, and the inbox consumer receives it', async () => {
    // Type-checked against the published declarations: an import they lack fails here.
    await run(process.execPath, [typescript, '-p', scratch], { cwd: scratch });
    const stack = inject('devstack');
    const databaseUrl = await createDatabase(stack, uniqueName('quickstart'));
    const { stdout } = await run(process.execPath, [join(scratch, 'out/quickstart.js')], {
      cwd: scratch,
      env: {
        ...cleanEnv,
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: stack.kafkaBrokers.join(','),
        TOPIC: uniqueName('quickstart'),
      },
      timeout: 120_000,
    });
    const orderId = stdout.match(/^received OrderPlaced for order (\S+)$/m)?.[1];
    expect(orderId, stdout).toBeDefined();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const shipped = await client.query('select order_id from shipments');
      expect(shipped.rows).toEqual([{ order_id: orderId }]);
      expect((await client.query('select count(*)::int as n from inbox')).rows).toEqual([{ n: 1 }]);
      expect((await client.query('select count(*)::int as n from outbox')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  }, 180_000);

  it('resolve @sagaflow/contracts, and its outbox dependency, from the tarballs', async () => {
    const script =
      "const c = await import('@sagaflow/contracts'); const o = await import('@sagaflow/outbox');" +
      "console.log(JSON.stringify({ topics: c.allTopics.map((t) => t.name), relay: typeof o.Relay, outbox: import.meta.resolve('@sagaflow/outbox') }))";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch });
    const seen = JSON.parse(stdout) as { topics: string[]; relay: string; outbox: string };
    expect(seen.topics).toContain('order.events');
    expect(seen.relay).toBe('function');
    expect(seen.outbox).toBe(`file://${scratch}/node_modules/@sagaflow/outbox/dist/index.js`);
  });
});
