// What the dead-letter int tests share: a service whose handler can be told to fail,
// and calls to its routes as an operator. Test code only (testing/ is not product runtime).
import { fileURLToPath } from 'node:url';
import { inventoryCommands, topics } from '@sagaflow/contracts';
import { buildEnvelope, type Envelope } from '@sagaflow/outbox';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('./fixtures/empty-migrations', import.meta.url));

export interface DeadLetterService {
  service: RunningService<Record<string, never>>;
  /** Orders whose CommitStock the handler refuses, so it is dead-lettered after its retries. */
  failing: Set<string>;
  /** A call to the service, as the operator unless `as` holds other credentials. */
  call<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    as?: { authorization: string },
  ): Promise<{ status: number; body: T }>;
  handle(
    id: string,
    action: 'resolve' | 'replay' | 'discard',
    reason?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The id of the key's unhandled dead letter, once there is one. */
  deadLetterOf(key: string): Promise<string>;
  /** Ids of the messages that took effect for the order, in id order. */
  effects(orderId: string): Promise<string[]>;
  /** A dead letter as the relay or this service's consumer writes one; `agoS` sets its failure time. */
  insertDeadLetter(letter: {
    source: 'relay' | 'consumer';
    topic: string;
    type: string;
    key: string;
    envelope: Envelope | null;
    agoS?: number;
    consumerGroup?: string;
  }): Promise<string>;
}

/** A CommitStock envelope for the order, as a participant would receive it. */
export function commitStock(orderId: string, overrides: Partial<Envelope> = {}): Envelope {
  return {
    ...buildEnvelope({
      id: uuidv7(),
      type: 'CommitStock',
      aggregateType: 'order',
      aggregateId: orderId,
      correlationId: orderId,
      occurredAt: new Date(),
      payload: { orderId },
    }),
    ...overrides,
  };
}

export async function startDeadLetterService(
  name: string,
  env: Record<string, string>,
  operator: { authorization: string },
): Promise<DeadLetterService> {
  const failing = new Set<string>();
  const service = await startService(
    defineService(name, () => ({
      schema: {},
      migrationsFolder,
      consumes: {
        topics: [topics.inventoryCommands],
        contracts: inventoryCommands,
        handle: async (message, tx, { incoming }) => {
          const { orderId } = message.payload as { orderId: string };
          if (failing.has(orderId)) throw new Error(`refusing ${orderId}`);
          // The effect: a row written in the handling transaction, so it counts only what committed.
          await tx.execute(
            sql`insert into effects (order_id, message_id) values (${orderId}, ${incoming.envelope.id})`,
          );
        },
      },
      routes: () => {},
    })),
    loadEnv(serviceEnv({}), { ...env, RATE_LIMIT_MAX: '0' }),
    { logger: pino({ level: 'silent' }) },
  );
  await service.pool.query('create table effects (order_id text not null, message_id text not null)');
  const call = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    as = operator,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    service,
    failing,
    call,
    handle: (id, action, reason = 'ticket 9') => call('POST', `/dead-letters/${id}/${action}`, { reason }),
    async deadLetterOf(key) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await service.pool.query<{ id: string }>(
          'select id from outbox_dead_letters where key = $1 and handled_at is null',
          [key],
        );
        if (rows[0] !== undefined) return rows[0].id;
        if (Date.now() > deadline) throw new Error(`no dead letter for key ${key} within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async effects(orderId) {
      const { rows } = await service.pool.query<{ message_id: string }>(
        'select message_id from effects where order_id = $1 order by message_id',
        [orderId],
      );
      return rows.map((row) => row.message_id);
    },
    async insertDeadLetter(letter) {
      const id = uuidv7();
      const consumer = letter.source === 'consumer';
      await service.pool.query(
        `insert into outbox_dead_letters (id, message_id, source, consumer_group, topic, key, type, partition,
           "offset", envelope, raw, reason, attempts, failed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'test', 1, now() - make_interval(secs => $12))`,
        [
          id,
          letter.envelope?.id ?? null,
          letter.source,
          consumer ? (letter.consumerGroup ?? service.messaging.inbox.consumerGroup) : null,
          letter.topic,
          letter.key,
          letter.type,
          consumer ? 0 : null,
          consumer ? '0' : null,
          letter.envelope === null ? null : JSON.stringify(letter.envelope),
          letter.envelope === null ? 'not json' : null,
          letter.agoS ?? 0,
        ],
      );
      return id;
    },
  };
}
