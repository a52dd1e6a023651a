import type { OutboxDatabase } from '@sagaflow/outbox';
import { describe, expect, it } from 'vitest';
import { afterCommit, withCommitHooks } from './after-commit.js';

/** Drizzle's contract as far as hooks care: the work's throw rolls back and rethrows; its return commits. */
const fakeDatabase = (committed: string[]) =>
  ({
    transaction: async (work: (tx: object) => Promise<unknown>) => {
      const result = await work({});
      committed.push('commit');
      return result;
    },
    select: () => 'select',
  }) as unknown as OutboxDatabase;

describe('afterCommit', () => {
  it('runs the hooks after the commit, in order, and never on a rollback', async () => {
    const events: string[] = [];
    const db = withCommitHooks(fakeDatabase(events), () => {});
    const result = await db.transaction(async (tx) => {
      afterCommit(tx, () => events.push('first'));
      afterCommit(tx, () => events.push('second'));
      events.push('work');
      return 42;
    });
    expect(result).toBe(42);
    expect(events).toEqual(['work', 'commit', 'first', 'second']);
    events.length = 0;
    await expect(
      db.transaction(async (tx) => {
        afterCommit(tx, () => events.push('rolled back'));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(events).toEqual([]);
  });

  it('reports a hook that throws without failing the committed transaction', async () => {
    const errors: unknown[] = [];
    const db = withCommitHooks(fakeDatabase([]), (error) => errors.push(error));
    await db.transaction(async (tx) => {
      afterCommit(tx, () => {
        throw new Error('hook');
      });
    });
    expect(errors.map((error) => (error as Error).message)).toEqual(['hook']);
  });

  it('refuses a transaction the wrapped database did not open, and leaves the rest of it alone', async () => {
    const db = withCommitHooks(fakeDatabase([]), () => {});
    expect(() => afterCommit({}, () => {})).toThrow(/not opened through the service/);
    expect((db as unknown as { select: () => string }).select()).toBe('select');
  });
});
