import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../launcher/launcher.js';
import { envVariables, withEnvTable } from './env-table.js';

describe('the environment variables table', () => {
  it('describes every variable', () => {
    const undescribed = envVariables().filter((variable) => variable.description.trim() === '');
    expect(undescribed.map((variable) => variable.name)).toEqual([]);
  });

  it('names each variable once, with who reads it', () => {
    const names = envVariables().map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
    const byName = new Map(envVariables().map((variable) => [variable.name, variable]));
    expect(byName.get('DATABASE_URL')?.readBy).toBe('services, relay, harness');
    expect(byName.get('STOCK_TIMEOUT_MS')?.readBy).toBe('order');
    expect(byName.get('DATABASE_URL')?.fallback).toBe('');
    expect(byName.get('PORT')?.fallback).toBe('`0`');
  });

  it('is the one in the README (pnpm docs:env rewrites it)', () => {
    const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
    expect(readme).toBe(withEnvTable(readme));
  });
});
