import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheRoot, kafkaPomPath, kafkaVersionOf, mavenFailure } from './fetch.js';

describe('kafkaVersionOf', () => {
  it('reads the version the pom asks for', () => {
    expect(kafkaVersionOf('<properties><kafka.version> 4.4.0 </kafka.version></properties>')).toBe('4.4.0');
    expect(kafkaVersionOf(readFileSync(kafkaPomPath, 'utf8'))).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses a pom without it', () => {
    expect(() => kafkaVersionOf('<project/>')).toThrow(/no <kafka.version>/);
  });
});

describe('cacheRoot', () => {
  it('is outside the work tree: SAGAFLOW_CACHE_DIR, XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ SAGAFLOW_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' })).toBe('/x/sagaflow');
    expect(cacheRoot({})).toMatch(/\/\.cache\/sagaflow$/);
  });
});

describe('mavenFailure', () => {
  it("keeps Maven's reasons and drops its advice", () => {
    const output = [
      '\u001b[0m\u001b[0m[ERROR] Failed to execute goal on project embedded-apache-kafka: Could not resolve dependencies',
      '[ERROR] ',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
      '[ERROR] -> [Help 1]',
    ].join('\n');
    expect(mavenFailure(output)).toBe(
      '[ERROR] Failed to execute goal on project embedded-apache-kafka: Could not resolve dependencies',
    );
  });

  it('falls back to the last lines', () => {
    expect(mavenFailure('a\nb\nc\nd')).toBe('b c d');
  });
});
