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

  it('calls a saw-tooth flat when its peaks stop rising, though the later half holds more on average', () => {
    // A queue's bytes: dead rows pile up until a vacuum every 100 s clears them.
    const sawTooth: TableSample[] = Array.from({ length: 61 }, (_, index) => {
      const atS = index * 10;
      return { atS, service: 'inventory', table: 'outbox', rows: 2, bytes: ((atS % 100) + 10) * 40_000 };
    });
    const shifted = sawTooth.map((sample) => ({
      ...sample,
      bytes: sample.atS < 300 ? sample.bytes / 2 : sample.bytes,
    }));
    expect(tableVerdicts(sawTooth, 60)).toMatchObject([{ flat: true }]);
    // Once its peaks rise (here they double half-way), it grows.
    expect(tableVerdicts(shifted, 60)).toMatchObject([{ flat: false }]);
  });

  it('calls steady growth over a ten-minute window not flat', () => {
    const growing: TableSample[] = Array.from({ length: 41 }, (_, index) => {
      const atS = index * 15;
      return {
        atS,
        service: 'order',
        table: 'inbox',
        rows: 1_000 + atS * 10,
        bytes: 2_000_000 + atS * 5_000,
      };
    });
    expect(tableVerdicts(growing, 80)).toMatchObject([{ flat: false }]);
  });
});
