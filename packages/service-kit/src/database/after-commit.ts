import type { OutboxDatabase } from '@sagaflow/outbox';

type CommitHook = () => void;

// Only transactions opened through a database that withCommitHooks wrapped have a list.
const hooksByTransaction = new WeakMap<object, CommitHook[]>();

/**
 * Runs `hook` once the transaction `tx` has committed, and never if it rolls back:
 * for effects that must follow only what was written, such as counting it.
 * Throws when `tx` was not opened through a database that `withCommitHooks`
 * wrapped (the kit wraps every service's `db`), or is a nested transaction.
 */
export function afterCommit(tx: object, hook: CommitHook): void {
  const hooks = hooksByTransaction.get(tx);
  if (hooks === undefined) {
    throw new Error('afterCommit: the transaction was not opened through the service’s database');
  }
  hooks.push(hook);
}

/**
 * `db` whose transactions run their `afterCommit` hooks once they have committed,
 * in the order they were added. A hook that throws is reported to `onHookError`:
 * the transaction has committed, and its caller must not see it fail.
 */
export function withCommitHooks<TDb extends OutboxDatabase>(
  db: TDb,
  onHookError: (error: unknown) => void,
): TDb {
  const transaction: OutboxDatabase['transaction'] = async (work, config) => {
    const hooks: CommitHook[] = [];
    const result = await db.transaction(async (tx) => {
      hooksByTransaction.set(tx, hooks);
      return work(tx);
    }, config);
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        onHookError(error);
      }
    }
    return result;
  };
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'transaction') return transaction;
      return Reflect.get(target, property, receiver);
    },
  });
}
