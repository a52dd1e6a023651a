import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../launcher/launcher.js';
import { serviceNames } from '../launcher/types.js';

// No Docker engine runs the image here: these checks hold the Dockerfile to what the
// workspace is (its projects, how a service is built and deployed) so neither drifts.
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1) ?? '';

const workspaceProjects = ['packages', 'services', 'harness'].flatMap((group) =>
  readdirSync(join(repoRoot, group))
    .filter((name) => existsSync(join(repoRoot, group, name, 'package.json')))
    .map((name) => `${group}/${name}`),
);

const manifestOf = (folder: string) =>
  JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as {
    files?: string[];
    dependencies?: Record<string, string>;
  };

describe('Dockerfile', () => {
  it('copies every workspace manifest before the frozen install', () => {
    const install = dockerfile.indexOf('pnpm install --frozen-lockfile');
    expect(install).toBeGreaterThan(0);
    for (const project of workspaceProjects) {
      const copy = dockerfile.indexOf(`COPY ${project}/package.json ${project}/`);
      expect(copy, project).toBeGreaterThan(0);
      expect(copy, project).toBeLessThan(install);
    }
  });

  it('compiles every service and deploys the chosen one with production dependencies only', () => {
    for (const name of serviceNames) expect(dockerfile).toContain(`services/${name}/tsconfig.build.json`);
    expect(dockerfile).toMatch(/--filter "@sagaflow\/\$\{SERVICE\}"\s*\\?\s*deploy --prod \/deploy/);
  });

  it('runs the compiled service as a non-root user on node:24-slim', () => {
    expect(stages.length).toBeGreaterThan(1);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(runtime).toMatch(/^\$\{NODE_IMAGE\}\n/);
    expect(runtime).toContain('COPY --from=build /deploy ./');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx|pnpm/);
  });

  it('ships what a deployed service reads at run time: its dist and migrations, and its packages’ dist', () => {
    for (const name of serviceNames) {
      const manifest = manifestOf(`services/${name}`);
      expect(manifest.files, name).toEqual(expect.arrayContaining(['dist', 'drizzle']));
      expect(existsSync(join(repoRoot, 'services', name, 'drizzle/meta/_journal.json')), name).toBe(true);
      for (const dependency of Object.keys(manifest.dependencies ?? {})) {
        if (!dependency.startsWith('@sagaflow/')) continue;
        const folder = `packages/${dependency.slice('@sagaflow/'.length)}`;
        expect(manifestOf(folder).files, `${name} → ${dependency}`).toContain('dist');
      }
    }
    expect(manifestOf('packages/outbox').files).toContain('drizzle');
  });
});

describe('docker-compose.yml', () => {
  it('publishes every port on 127.0.0.1 unless SAGAFLOW_BIND_ADDRESS says otherwise', () => {
    const ports = [...compose.matchAll(/ports:\s*\[([^\]]*)\]/g)].map((match) => match[1] as string);
    // The three services, Postgres and Kafka, plus what the observability profile adds.
    expect(ports.length).toBeGreaterThanOrEqual(serviceNames.length + 2);
    for (const list of ports) {
      for (const port of list.split(',')) {
        expect(port.trim()).toMatch(/^"\$\{SAGAFLOW_BIND_ADDRESS:-127\.0\.0\.1\}:\d+:\d+"$/);
      }
    }
  });
});
