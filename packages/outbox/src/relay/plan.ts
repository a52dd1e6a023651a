/** A row of the outbox as the relay reads it after locking its key. */
export interface PendingMessage {
  id: string;
  topic: string;
  key: string;
  type: string;
  /** The envelope, serialised by Postgres. */
  value: string;
  headers: Record<string, string>;
  attempts: number;
  /** Whether the row's retry time has come. Only a key's head is ever backed off. */
  due: boolean;
}

/**
 * Keeps, for every key, its messages in order from the head, and drops whole keys
 * whose head is waiting for a retry: publishing anything behind a head that has
 * not been acknowledged would let it overtake the head.
 */
export function selectPublishable(rows: readonly PendingMessage[]): PendingMessage[] {
  const byKey = new Map<string, PendingMessage[]>();
  for (const row of rows) {
    const list = byKey.get(row.key);
    if (list) list.push(row);
    else byKey.set(row.key, [row]);
  }
  const publishable: PendingMessage[] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (list[0]?.due) publishable.push(...list);
  }
  return publishable;
}
