import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { topics } from '../topics.js';
import { inventoryCommands, ReleaseStock, ReserveStock } from './commands.js';
import { defineMessage } from './define.js';
import { contractsByType } from './lookup.js';

describe('contractsByType', () => {
  it('finds each contract of the list by its type', () => {
    const byType = contractsByType(inventoryCommands);
    expect(Object.keys(byType)).toEqual(['ReserveStock', 'ReleaseStock', 'CommitStock']);
    expect(byType.ReserveStock).toBe(ReserveStock);
    expect(byType.ReleaseStock).toBe(ReleaseStock);
  });

  it('refuses a list naming one type twice, since a writer writes one schema version', () => {
    const laterReserve = defineMessage({
      type: 'ReserveStock',
      schemaVersion: 2,
      topic: topics.inventoryCommands,
      payload: Type.Object({ orderId: Type.String() }),
    });
    expect(() => contractsByType([ReserveStock, laterReserve])).toThrow(
      "'ReserveStock' is listed twice (schema versions 1 and 2)",
    );
  });
});
