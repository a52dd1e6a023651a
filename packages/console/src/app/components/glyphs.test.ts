import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontSafe, glyphs, unsafeCharacters } from './glyphs.js';

const appDir = new URL('..', import.meta.url).pathname;
const sources = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter(
  (file) => /\.(ts|tsx|css)$/.test(file) && !file.endsWith('.test.ts'),
);

describe('glyphs', () => {
  it('are all characters DejaVu Sans has', () => {
    for (const glyph of Object.values(glyphs)) expect(fontSafe.has(glyph), glyph).toBe(true);
  });

  it('finds the characters the font lacks', () => {
    expect(unsafeCharacters('\u231b deadline \u24d8 → ok \u231b')).toEqual(['\u231b', '\u24d8']);
    expect(unsafeCharacters('◷ 1m 05s — ⚑ operator')).toEqual([]);
  });

  it('every character beyond ASCII in the app is one DejaVu Sans has', () => {
    expect(sources.length).toBeGreaterThan(10);
    const unsafe = sources.flatMap((file) =>
      unsafeCharacters(readFileSync(join(appDir, file), 'utf8')).map((character) => `${file}: ${character}`),
    );
    expect(unsafe).toEqual([]);
  });
});
