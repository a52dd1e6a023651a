/**
 * The symbols the console shows beside words (never instead of them). Each must be
 * in DejaVu Sans, regular and bold: on Debian, Chromium's system-ui and sans-serif
 * are DejaVu Sans, and a character it lacks is drawn as a box (the hourglass U+231B
 * and the circled i U+24D8 were). glyphs.test.ts holds every non-ASCII character of the app to `fontSafe`.
 */
export const glyphs = {
  confirmed: '✓',
  cancelled: '✕',
  resolved: '◆',
  warning: '⚠',
  compensating: '↺',
  /** A state still under way, and a deadline counting down: a clock face. */
  clock: '◷',
  info: 'ℹ',
  ignored: '⊘',
  operator: '⚑',
  current: '▶',
} as const;

/** Checked with `fc-list ':charset=<hex>:family=DejaVu Sans' style` (Book and Bold): typography, arrows, the glyphs. */
export const fontSafe: ReadonlySet<string> = new Set([...'·—’“”…←→↺⊘▶◆◷⚑⚠✓✕ℹ']);

/** The characters of `text` beyond ASCII that `fontSafe` does not hold, each once. */
export function unsafeCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const character of text) if (character > '\u007f' && !fontSafe.has(character)) found.add(character);
  return [...found];
}
