import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { type MessageContract, outgoing, type PayloadOf } from '@sagaflow/contracts';
import { buildEnvelope, toRow } from '@sagaflow/outbox';
import { type MessageContext, outboxSink } from '@sagaflow/service-kit';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentDatabase } from '../db/database.js';
import { type PaymentRow, payments, walletEntries, wallets } from '../db/schema.js';

export function newCustomerId(): string {
  return `customer-${uuidv7()}`;
}

/** A handler context as the inbox consumer would build it, for calling a handler in a test's own transaction. */
export function contextFor<TContract extends MessageContract>(
  contract: TContract,
  payload: PayloadOf<TContract> & { orderId: string },
  logger: Logger,
): MessageContext {
  const message = outgoing(contract, payload, { correlationId: payload.orderId });
  const envelope = buildEnvelope(toRow(message, { newId: uuidv7, now: () => new Date() }));
  return {
    incoming: {
      envelope,
      trace: remoteTrace(),
      topic: contract.topic,
      partition: 0,
      offset: '0',
      key: envelope.aggregateId,
      headers: {},
    },
    logger,
    sink: outboxSink,
  };
}

export async function seedWallet(db: PaymentDatabase, customerId: string, balanceCents: number) {
  await db
    .insert(wallets)
    .values({ customerId, balanceCents })
    .onConflictDoUpdate({ target: wallets.customerId, set: { balanceCents } });
}

export async function balanceOf(db: PaymentDatabase, customerId: string): Promise<number | undefined> {
  const [row] = await db.select().from(wallets).where(eq(wallets.customerId, customerId));
  return row?.balanceCents;
}

export async function paymentOf(db: PaymentDatabase, orderId: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.orderId, orderId));
  return row;
}

/** The ledger lines of one order, as `kind:amount`, in the order they were written. */
export async function ledgerOf(db: PaymentDatabase, orderId: string): Promise<string[]> {
  const rows = await db
    .select()
    .from(walletEntries)
    .where(eq(walletEntries.orderId, orderId))
    .orderBy(walletEntries.at, sql`${walletEntries.kind} desc`);
  return rows.map((row) => `${row.kind}:${row.amountCents}`);
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
