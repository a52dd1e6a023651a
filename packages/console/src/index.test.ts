import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleAssetsDir, consoleBuilt } from './index.js';

describe('consoleAssetsDir', () => {
  it('is the package’s dist/app, absolute', () => {
    const dir = consoleAssetsDir();
    expect(dir.startsWith('/')).toBe(true);
    expect(dir.endsWith(join('packages', 'console', 'dist', 'app'))).toBe(true);
  });

  it('is built when its index.html is there', () => {
    expect(consoleBuilt()).toBe(existsSync(join(consoleAssetsDir(), 'index.html')));
  });
});
