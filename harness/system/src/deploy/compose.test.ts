import { readFileSync } from 'node:fs';
import { allTopics, partitionsPerTopic } from '@sagaflow/contracts';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../launcher/launcher.js';
import { serviceNames } from '../launcher/types.js';

// docker-compose.yml spells out what the launcher derives from code (topics,
// databases); these checks keep the two from drifting apart.
const compose = readFileSync(`${repoRoot}docker-compose.yml`, 'utf8');
const envExample = readFileSync(`${repoRoot}.env.example`, 'utf8');

describe('docker-compose.yml', () => {
  it('creates every contract topic with the contract partition count', () => {
    const loop = compose.match(/for topic in ([^;]+); do/);
    expect(loop?.[1]?.trim().split(/\s+/).sort()).toEqual(allTopics.map((topic) => topic.name).sort());
    expect(compose).toContain(`--partitions ${partitionsPerTopic}`);
  });

  it('gives each service its own database, created by db-init', () => {
    const loop = compose.match(/for db in ([^;]+); do/);
    const databases = serviceNames.map((name) => `sagaflow_${name}`);
    expect(loop?.[1]?.trim().split(/\s+/).sort()).toEqual([...databases].sort());
    for (const database of databases) expect(compose).toContain(`@postgres:5432/${database}\n`);
  });

  it('builds each service from the one Dockerfile and checks /ready', () => {
    for (const name of serviceNames) {
      expect(compose).toMatch(new RegExp(`\\n  ${name}:\\n[\\s\\S]*?SERVICE: ${name}\\n`));
    }
    expect(compose.match(/\/ready'\)/g)).toHaveLength(serviceNames.length);
    expect(compose).toContain(':3000:3000"');
  });

  it('takes every password from the environment, failing with a message when it is unset', () => {
    const required = new Set([...compose.matchAll(/\$\{(\w+):\?[^}]+\}/g)].map((match) => match[1]));
    expect([...required]).toContain('POSTGRES_PASSWORD');
    const lines = compose.split('\n').filter((text) => !text.trimStart().startsWith('#'));
    for (const line of lines.filter((text) => /^\s+\w*PASSWORD:/.test(text)))
      expect(line).toMatch(/PASSWORD: \$\{\w+:\?[^}]+\}$/);
    for (const line of lines.filter((text) => text.includes('postgres://')))
      expect(line).toContain('postgres://sagaflow:${POSTGRES_PASSWORD:?');
    expect(compose).not.toMatch(/sagaflow:sagaflow@|PASSWORD: sagaflow/);
    // .env.example sets each, so `compose --env-file .env.example config` (scripts/check.sh) passes.
    const example = new Set([...envExample.matchAll(/^(\w+)=\S+/gm)].map((match) => match[1]));
    for (const name of required) expect(example).toContain(name);
  });

  it('gives every service the token settings, the secret from the environment with no default', () => {
    const shared = compose.match(/x-service-env: &service-env\n((?: {2}.*\n)+)/)?.[1] ?? '';
    expect(shared).toMatch(/AUTH_ISSUER: \$\{AUTH_ISSUER:-sagaflow\}/);
    expect(shared).toMatch(/AUTH_AUDIENCE: \$\{AUTH_AUDIENCE:-sagaflow\}/);
    expect(shared).toMatch(/AUTH_JWT_SECRET: \$\{AUTH_JWT_SECRET:\?[^}]+\}/);
    for (const name of serviceNames) {
      expect(compose).toMatch(new RegExp(`\\n  ${name}:\\n[\\s\\S]*?<<: \\*service-env\\n`));
    }
  });
});
