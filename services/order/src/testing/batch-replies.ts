import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import {
  type MessageContract,
  outgoing,
  type PayloadOf,
  parseMessage,
  sagaReplies,
} from '@sagaflow/contracts';
import { buildEnvelope, type Envelope, toRow } from '@sagaflow/outbox';
import { type MessageSink, outboxSink, type ReceivedMessage } from '@sagaflow/service-kit';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { OrderDatabase } from '../db/database.js';
import { orderSchema } from '../db/schema.js';

export type ReceivedReply = ReceivedMessage<typeof sagaReplies>;

/** A participant's reply as the inbox consumer hands it to the batch handler. */
export function receivedReply<TContract extends MessageContract>(
  contract: TContract,
  payload: PayloadOf<TContract> & { orderId: string },
  offset: number,
  context: { logger: Logger; sink: MessageSink },
): ReceivedReply {
  const message = outgoing(contract, payload, { correlationId: payload.orderId });
  const envelope = buildEnvelope(toRow(message, { newId: uuidv7, now: () => new Date() }));
  const parsed = parseMessage(sagaReplies, envelope);
  if (!parsed.ok) throw new Error(parsed.reason);
  const incoming = {
    envelope,
    trace: remoteTrace(),
    topic: contract.topic,
    partition: 0,
    offset: String(offset),
    key: envelope.aggregateId,
    headers: {},
  };
  return { message: parsed.message, context: { incoming, ...context } };
}

/** The outbox sink, keeping what each enqueue call returned. */
export function recordingSink(): MessageSink & { calls: Envelope[][] } {
  const calls: Envelope[][] = [];
  return {
    calls,
    async enqueue(tx, messages) {
      const envelopes = await outboxSink.enqueue(tx, messages);
      calls.push(envelopes);
      return envelopes;
    },
  };
}

/** A database over `pool` that lists every statement it sends, BEGIN and COMMIT included. */
export function countingDatabase(pool: pg.Pool): { db: OrderDatabase; statements: string[] } {
  const statements: string[] = [];
  const db = drizzle(pool, { schema: orderSchema, logger: { logQuery: (query) => statements.push(query) } });
  return { db, statements };
}

/** A trace context as a remote producer would have stored it: a sampled span of a trace of its own. */
function remoteTrace() {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}
