import type { Context } from '@opentelemetry/api';
import { type PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { TablesRelationalConfig } from 'drizzle-orm/relations';
import { v7 as uuidv7 } from 'uuid';
import { buildEnvelope } from '../envelope/build.js';
import type { Envelope } from '../envelope/envelope.js';
import { type NewOutboxRow, outbox } from '../schema/tables.js';
import { traceHeaders } from '../tracing/trace-context.js';

/** Any Drizzle Postgres transaction, whatever the schema of the service that opened it. */
export type OutboxTransaction = PgTransaction<
  PgQueryResultHKT,
  Record<string, unknown>,
  TablesRelationalConfig
>;

export interface OutgoingMessage<TPayload = unknown> {
  topic: string;
  /** The Kafka key: the unit of ordering. Defaults to the aggregate id. */
  key?: string;
  type: string;
  schemaVersion?: number;
  aggregateType: string;
  aggregateId: string;
  /** The saga id. Taken from `causedBy` when omitted. */
  correlationId?: string;
  payload: TPayload;
  /**
   * The message being handled when this one was produced: sets causation, correlation
   * and trace (`trace`, the handling's context: `IncomingMessage.trace`).
   */
  causedBy?: Pick<Envelope, 'id' | 'correlationId'> & { trace?: Context };
  /**
   * The trace context the message continues when `causedBy` carries none; default the
   * active context (the enqueueing transaction's span). Its headers are what the outbox stores.
   */
  trace?: Context;
  headers?: Record<string, string>;
}

export interface EnqueueDependencies {
  newId: () => string;
  now: () => Date;
}

/** Postgres takes at most 65,535 parameters in one statement; a row has 16 columns. */
const rowsPerInsert = 1000;

const defaultDependencies: EnqueueDependencies = { newId: () => uuidv7(), now: () => new Date() };

export class EnqueueOutsideTransactionError extends Error {
  constructor() {
    super(
      'enqueue() must run inside the caller’s transaction (db.transaction(async (tx) => enqueue(tx, …))): ' +
        'outside one, a rollback of the business write could not take the message back',
    );
    this.name = 'EnqueueOutsideTransactionError';
  }
}

/**
 * Writes messages to the outbox as part of `tx`. They are published only if `tx`
 * commits; a rollback leaves nothing behind. The relay is woken by a notification
 * that the outbox's INSERT trigger raises and Postgres delivers at commit, never before.
 */
export async function enqueue(
  tx: OutboxTransaction,
  messages: OutgoingMessage | readonly OutgoingMessage[],
  dependencies: EnqueueDependencies = defaultDependencies,
): Promise<Envelope[]> {
  if (!(tx instanceof PgTransaction)) throw new EnqueueOutsideTransactionError();
  const list = Array.isArray(messages) ? messages : [messages as OutgoingMessage];
  if (list.length === 0) return [];

  const rows = list.map((message) => toRow(message, dependencies));
  await insertOutboxRows(tx, rows);
  return rows.map(buildEnvelope);
}

/** Inserts rows into the outbox as part of `tx`, in statements Postgres can take. */
export async function insertOutboxRows(tx: OutboxTransaction, rows: readonly NewOutboxRow[]): Promise<void> {
  if (!(tx instanceof PgTransaction)) throw new EnqueueOutsideTransactionError();
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    await tx.insert(outbox).values(rows.slice(start, start + rowsPerInsert));
  }
}

/** The outbox row of a message: its id, causation, correlation and trace settled. */
export function toRow(message: OutgoingMessage, { newId, now }: EnqueueDependencies): NewOutboxRow {
  const correlationId = message.correlationId ?? message.causedBy?.correlationId;
  if (!correlationId) {
    throw new TypeError(`message ${message.type}: correlationId is required (or pass causedBy)`);
  }
  const trace = traceHeaders(message.causedBy?.trace ?? message.trace);
  return {
    id: newId(),
    topic: message.topic,
    key: message.key ?? message.aggregateId,
    type: message.type,
    schemaVersion: message.schemaVersion ?? 1,
    aggregateType: message.aggregateType,
    aggregateId: message.aggregateId,
    correlationId,
    causationId: message.causedBy?.id ?? null,
    payload: message.payload,
    headers: { ...message.headers, ...trace },
    occurredAt: now(),
  };
}
