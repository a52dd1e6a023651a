import { describe, expect, it } from 'vitest';
import { databaseUrlFor } from './database.js';

describe('databaseUrlFor', () => {
  it('swaps the database and keeps credentials and parameters', () => {
    expect(databaseUrlFor('postgres://u:p%40ss@127.0.0.1:5432/postgres?sslmode=disable', 'orders_test')).toBe(
      'postgres://u:p%40ss@127.0.0.1:5432/orders_test?sslmode=disable',
    );
  });

  it('encodes names that are not URL-safe', () => {
    expect(databaseUrlFor('postgres://u@h/postgres', 'a b')).toBe('postgres://u@h/a%20b');
  });
});
