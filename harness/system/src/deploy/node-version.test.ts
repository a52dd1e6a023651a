import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../launcher/launcher.js';

// .nvmrc is the one Node version: scripts/node.sh installs it, and these places must
// name the same major version.
const read = (file: string) => readFileSync(`${repoRoot}${file}`, 'utf8');
const nvmrc = read('.nvmrc').trim();
const major = nvmrc.split('.')[0];
const rootManifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the Node version', () => {
  it('is an exact release in .nvmrc, which scripts/node.sh can fetch', () => {
    expect(nvmrc).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('is what package.json engines require, and what @types/node describes', () => {
    expect(rootManifest.engines.node).toBe(`>=${major}`);
    expect(rootManifest.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`));
  });

  it('is the base of every stage of the Dockerfile', () => {
    const dockerfile = read('Dockerfile');
    const args = new Map(
      [...dockerfile.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map((match) => [match[1], match[2]] as const),
    );
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) =>
      (match[1] ?? '').replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? ''),
    );
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(new RegExp(`^node:${major}(\\D|$)`));
  });
});
