import { describe, expect, it } from 'vitest';
import { firstClear, overlapArea, stackInRows } from './labels.js';

const box = (x: number, y: number, width = 10, height = 10) => ({ x, y, width, height });

describe('overlapArea', () => {
  it('is the shared area, nothing for boxes that only touch', () => {
    expect(overlapArea(box(0, 0), box(5, 5))).toBe(25);
    expect(overlapArea(box(0, 0), box(10, 0))).toBe(0);
    expect(overlapArea(box(0, 0), box(50, 50))).toBe(0);
  });
});

describe('firstClear', () => {
  it('takes the first candidate that overlaps nothing', () => {
    const taken = [box(0, 0), box(0, 20)];
    expect(firstClear([0, 20, 40], (y) => box(0, y), taken)).toBe(40);
    expect(firstClear([5, 40], (y) => box(0, y), [])).toBe(5);
  });

  it('else the one overlapping least', () => {
    const taken = [box(0, 0, 10, 30)];
    expect(firstClear([0, 25, 5], (y) => box(0, y), taken)).toBe(25);
  });
});

describe('stackInRows', () => {
  const item = (x: number, width: number) => ({
    label: { from: x + 46, to: x + 46 + width },
    line: { from: x, to: x + 40 },
  });

  it('leaves labels that fit side by side in the first row', () => {
    expect(stackInRows([item(0, 100), item(190, 100), item(380, 100)])).toEqual([0, 0, 0]);
  });

  it('lifts a label that would run into its neighbour, and two from one node', () => {
    // "OrderStatusChanged → order.events" was 230 px wide at 190 px a column.
    expect(stackInRows([item(0, 230), item(190, 230), item(380, 230)])).toEqual([0, 1, 0]);
    expect(stackInRows([item(0, 120), item(0, 100)])).toEqual([0, 1]);
  });

  it('keeps a label clear of the lines in its row', () => {
    // The second's label is clear of the first's, but its line would cross the first's label.
    expect(stackInRows([item(0, 300), item(400, 50)], 10)).toEqual([0, 0]);
    expect(stackInRows([item(0, 300), item(200, 50)], 10)).toEqual([0, 1]);
  });
});
