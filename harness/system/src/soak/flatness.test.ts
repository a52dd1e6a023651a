import { describe, expect, it } from 'vitest';
import { type TableSample, tableVerdicts } from './flatness.js';

const series = (table: string, rows: (atS: number) => number): TableSample[] =>
  Array.from({ length: 13 }, (_, index) => {
    const atS = index * 10;
    return { atS, service: 'order', table, rows: rows(atS), bytes: rows(atS) * 100 };
  });

describe('tableVerdicts', () => {
  it('calls a table flat when the steady window holds about as many rows and bytes throughout', () => {
    const plateau = series('inbox', (atS) => (atS < 60 ? atS * 100 : 6_000 + (atS % 20 === 0 ? 300 : 0)));
    expect(tableVerdicts(plateau, 60)).toMatchObject([{ table: 'inbox', flat: true }]);
  });

  it('calls a table that keeps growing not flat', () => {
    expect(
      tableVerdicts(
        series('inbox', (atS) => atS * 100),
        60,
      ),
    ).toMatchObject([{ flat: false }]);
  });

  it('calls a nearly empty table flat, and a table without steady samples not flat', () => {
    expect(
      tableVerdicts(
        series('outbox', (atS) => (atS % 20 === 0 ? 3 : 40)),
        60,
      ),
    ).toMatchObject([{ flat: true }]);
    expect(
      tableVerdicts(
        series('inbox', () => 10),
        500,
      ),
    ).toMatchObject([{ flat: false }]);
  });
});
