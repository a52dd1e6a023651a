import type { ReceivedRecord } from './outbox.js';

/**
 * For each key, the sequence numbers in the order consumers first saw them. A
 * redelivered copy does not count: at-least-once allows it, but a first delivery
 * that overtakes an earlier message of its key is an ordering violation.
 */
export function firstDeliveryOrderPerKey(records: readonly ReceivedRecord[]): Map<string, number[]> {
  const byPartition = new Map<number, ReceivedRecord[]>();
  for (const record of records) {
    const list = byPartition.get(record.partition) ?? [];
    list.push(record);
    byPartition.set(record.partition, list);
  }
  const seen = new Set<string>();
  const order = new Map<string, number[]>();
  for (const list of byPartition.values()) {
    list.sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
    for (const record of list) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      const seqs = order.get(record.key) ?? [];
      seqs.push(record.seq);
      order.set(record.key, seqs);
    }
  }
  return order;
}
