import { allTopics } from '@sagaflow/contracts';
import pg from 'pg';
import type { System } from '../launcher/launcher.js';
import { type ServiceName, serviceNames } from '../launcher/types.js';
import type { Books } from './books.js';
import { readBrokerLog } from './broker-log.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Reads the books straight from each service's database and the broker, not through the APIs. */
export async function readBooks(system: System): Promise<Books> {
  const urls = system.databaseUrls;
  const [orders, parked, written, reservations, lines, products, wallets, entries] = await Promise.all([
    query<{ id: string; status: string; customer_id: string; total_cents: string | null }>(
      urls.order,
      'select id, status, customer_id, total_cents from orders',
    ),
    query<{ order_id: string; reason: string | null }>(
      urls.order,
      `select distinct on (order_id) order_id, coalesce(reason, event) as reason
         from order_status_transitions where to_state = 'compensationFailed'
         order by order_id, seq desc`,
    ),
    query<{ order_id: string; id: string; type: string }>(
      urls.order,
      `select t.order_id, m->>'id' as id, m->>'type' as type
         from order_status_transitions t cross join lateral jsonb_array_elements(t.messages) m`,
    ),
    query<{ order_id: string; status: string }>(urls.inventory, 'select order_id, status from reservations'),
    query<{ order_id: string; sku: string; quantity: number }>(
      urls.inventory,
      'select order_id, sku, quantity from reservation_lines',
    ),
    query<{ sku: string; on_hand: number; reserved: number; sold: number }>(
      urls.inventory,
      'select sku, on_hand, reserved, sold from products',
    ),
    query<{ customer_id: string; balance_cents: string }>(
      urls.payment,
      'select customer_id, balance_cents from wallets',
    ),
    query<{ order_id: string | null; customer_id: string; kind: 'debit' | 'credit'; amount_cents: string }>(
      urls.payment,
      'select order_id, customer_id, kind, amount_cents from wallet_entries',
    ),
  ]);
  const outboxRows = {} as Record<ServiceName, number>;
  const deadLetters: Books['deadLetters'] = [];
  for (const service of serviceNames) {
    const [count] = await query<{ n: number }>(urls[service], 'select count(*)::int as n from outbox');
    outboxRows[service] = count?.n ?? 0;
    const letters = await query<{ topic: string; key: string | null; type: string | null; reason: string }>(
      urls[service],
      'select topic, key, type, reason from outbox_dead_letters',
    );
    deadLetters.push(...letters.map((letter) => ({ service, ...letter })));
  }
  const listed = await system.client.listParked();
  const handledByParticipants: Books['handledByParticipants'] = [];
  for (const service of ['inventory', 'payment'] as const) {
    const handled = await query<{ message_id: string }>(urls[service], 'select message_id from inbox');
    handledByParticipants.push(...handled.map((row) => ({ service, messageId: row.message_id })));
  }
  const onTheBroker = await readBrokerLog(
    system.stack.kafkaBrokers,
    allTopics.map((topic) => system.topicPrefix + topic.name),
  );
  return {
    orders: orders.map((o) => ({
      id: o.id,
      status: o.status,
      customerId: o.customer_id,
      totalCents: o.total_cents === null ? null : Number(o.total_cents),
    })),
    parkedReasons: new Map(parked.map((p) => [p.order_id, p.reason])),
    parkedListed: new Set(listed),
    reservations: reservations.map((r) => ({ orderId: r.order_id, status: r.status })),
    reservationLines: lines.map((l) => ({ orderId: l.order_id, sku: l.sku, quantity: l.quantity })),
    products: products.map((p) => ({ sku: p.sku, onHand: p.on_hand, reserved: p.reserved, sold: p.sold })),
    wallets: wallets.map((w) => ({ customerId: w.customer_id, balanceCents: Number(w.balance_cents) })),
    walletEntries: entries.map((e) => ({
      orderId: e.order_id,
      customerId: e.customer_id,
      kind: e.kind,
      amountCents: Number(e.amount_cents),
    })),
    outboxRows,
    deadLetters,
    writtenByOrder: written.map((w) => ({ id: w.id, type: w.type, orderId: w.order_id })),
    onTheBroker,
    handledByParticipants,
  };
}
