import { describe, expect, it } from 'vitest';
import { estimateWidth, fitText } from './measure.js';

const perChar = (text: string) => text.length * 10;

describe('fitText', () => {
  it('leaves what fits, cuts the rest with an ellipsis', () => {
    expect(fitText('resolved', 80, { size: 11 }, perChar)).toBe('resolved');
    expect(fitText('operator:someone-long', 80, { size: 11 }, perChar)).toBe('operato…');
    expect(perChar(fitText('operator:someone-long', 80, { size: 11 }, perChar))).toBeLessThanOrEqual(80);
  });

  it('estimates bold wider than regular', () => {
    expect(estimateWidth('StockReserved', { size: 10, bold: true })).toBeGreaterThan(
      estimateWidth('StockReserved', { size: 10 }),
    );
  });
});
