import { describe, expect, it } from 'vitest';
import { asRole, workBetween, workPerSaga } from './db-work.js';

describe('workBetween', () => {
  it('counts the services’ statements and takes the bench’s autocommits off the transactions', () => {
    const before = [
      { service: 'order' as const, statements: 100, benchStatements: 10, transactions: 50 },
      { service: 'payment' as const, statements: 7, benchStatements: 0, transactions: 3 },
    ];
    const after = [
      { service: 'order' as const, statements: 400, benchStatements: 30, transactions: 150 },
      { service: 'payment' as const, statements: 107, benchStatements: 0, transactions: 23 },
    ];
    expect(workBetween(before, after)).toEqual({
      statements: 400,
      transactions: 100,
      byService: {
        order: { statements: 300, transactions: 80 },
        payment: { statements: 100, transactions: 20 },
      },
    });
  });

  it('counts a database first seen in the second snapshot from zero', () => {
    const after = [{ service: 'inventory' as const, statements: 9, benchStatements: 0, transactions: 4 }];
    expect(workBetween([], after).statements).toBe(9);
  });
});

describe('workPerSaga', () => {
  it('divides by the sagas that ended, to one decimal, and is null without any', () => {
    const work = {
      statements: 100,
      transactions: 31,
      byService: { order: { statements: 100, transactions: 31 } },
    };
    expect(workPerSaga(work, 3)).toEqual({
      statementsPerSaga: 33.3,
      transactionsPerSaga: 10.3,
      byService: { order: { statements: 33.3, transactions: 10.3 } },
    });
    expect(workPerSaga(work, 0)).toBeNull();
  });
});

describe('asRole', () => {
  it('swaps user and password and keeps the rest', () => {
    expect(asRole('postgres://postgres:secret@127.0.0.1:5432/order_db?x=1', 'bench', 'p w')).toBe(
      'postgres://bench:p%20w@127.0.0.1:5432/order_db?x=1',
    );
  });
});
