import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ProcessPayment, RefundPayment } from '@sagaflow/contracts';
import { type MessageContext, migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { type Logger, pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema } from '../db/schema.js';
import {
  balanceOf,
  contextFor,
  ledgerOf,
  newCustomerId,
  paymentOf,
  seedWallet,
} from '../testing/payment-fixture.js';
import type { PaymentCommand } from './batch-plan.js';
import { handlePaymentBatch } from './handle-batch.js';
import { handlePaymentCommand } from './handle-command.js';

const silent = pino({ level: 'silent' });
let db: PaymentDatabase;
let pool: pg.Pool;
/** The same pool, with every statement it sends recorded. */
let countedDb: PaymentDatabase;
const statements: string[] = [];

beforeAll(async () => {
  // What the SDK registers in a service: the outbox writes trace headers through it.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({ url: databaseUrl, schema: paymentSchema, logger: silent }));
  await migrateDatabase(db, paymentMigrationsFolder);
  countedDb = drizzle(pool, {
    schema: paymentSchema,
    logger: { logQuery: (query) => statements.push(query) },
  });
});

afterAll(async () => {
  propagation.disable();
  await pool?.end();
});

const customerLabels = ['alice', 'bob', 'carol', 'dave'] as const;
const orderLabels = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9'] as const;
type CustomerLabel = (typeof customerLabels)[number];
type OrderLabel = (typeof orderLabels)[number];

/** Fresh customers and orders, seeded; carol has no wallet, dave's o8 was charged before the batch. */
async function newWorld() {
  const customer = Object.fromEntries(customerLabels.map((label) => [label, newCustomerId()])) as Record<
    CustomerLabel,
    string
  >;
  const order = Object.fromEntries(orderLabels.map((label) => [label, uuidv7()])) as Record<
    OrderLabel,
    string
  >;
  await seedWallet(db, customer.alice, 1_000);
  await seedWallet(db, customer.bob, 300);
  await seedWallet(db, customer.dave, 200);
  const preCharge = charge(order.o8, customer.dave, 150);
  await db.transaction((tx) => handlePaymentCommand(preCharge, tx, contextOf(preCharge, silent)));

  const commands: PaymentCommand[] = [
    charge(order.o1, customer.alice, 400),
    charge(order.o2, customer.alice, 500),
    charge(order.o1, customer.alice, 400), // a duplicate under another message id
    charge(order.o1, customer.alice, 999), // a duplicate asking another amount
    charge(order.o3, customer.alice, 200), // would overdraw alice (100 left)
    refund(order.o2),
    charge(order.o4, customer.alice, 600), // spends what the refund of o2 gave back
    refund(order.o2),
    charge(order.o2, customer.alice, 500),
    refund(order.o5), // before any charge: a tombstone
    charge(order.o5, customer.alice, 1),
    charge(order.o6, customer.bob, 300),
    charge(order.o7, customer.carol, 10),
    refund(order.o8),
    refund(order.o3),
    charge(order.o9, customer.dave, 200), // spends what the refund of o8 gave back
  ];
  return { customer, order, commands };
}
type World = Awaited<ReturnType<typeof newWorld>>;

function charge(orderId: string, customerId: string, amountCents: number): PaymentCommand {
  return { type: 'ProcessPayment', payload: { orderId, customerId, amountCents } };
}

function refund(orderId: string): PaymentCommand {
  return { type: 'RefundPayment', payload: { orderId, reason: 'compensation' } };
}

function contextOf(command: PaymentCommand, logger: Logger): MessageContext {
  return command.type === 'ProcessPayment'
    ? contextFor(ProcessPayment, command.payload, logger)
    : contextFor(RefundPayment, command.payload, logger);
}

interface Run {
  world: World;
  contexts: MessageContext[];
  logs: { command: number; level: number; msg: string }[];
}

/** Each command's logger carries the command's index, and what it logs is kept. */
function loggers(run: Run): Logger[] {
  const logger = pino({ level: 'info' }, { write: (line: string) => void run.logs.push(JSON.parse(line)) });
  return run.world.commands.map((_, command) => logger.child({ command }));
}

async function oneByOne(world: World): Promise<Run> {
  const run: Run = { world, contexts: [], logs: [] };
  const logger = loggers(run);
  for (const [index, command] of world.commands.entries()) {
    const context = contextOf(command, logger[index] ?? silent);
    run.contexts.push(context);
    await db.transaction((tx) => handlePaymentCommand(command, tx, context));
  }
  return run;
}

async function asOneBatch(world: World): Promise<Run> {
  const run: Run = { world, contexts: [], logs: [] };
  const logger = loggers(run);
  run.contexts = world.commands.map((command, index) => contextOf(command, logger[index] ?? silent));
  const batch = world.commands.map((message, index) => ({
    message,
    context: run.contexts[index] as MessageContext,
  }));
  statements.length = 0;
  await countedDb.transaction((tx) => handlePaymentBatch(batch, tx));
  return run;
}

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

/** What a run left, with ids replaced by their labels, so two runs of fresh ids compare. */
async function outcome({ world, contexts, logs }: Run) {
  const label = new Map<string, string>([
    ...Object.entries(world.order).map(([name, id]) => [id, name] as const),
    ...Object.entries(world.customer).map(([name, id]) => [id, name] as const),
  ]);
  const payments = Object.fromEntries(
    await Promise.all(
      orderLabels.map(async (name) => [name, await paymentOf(db, world.order[name])] as const),
    ),
  );
  const paymentLabel = new Map(
    Object.entries(payments).flatMap(([name, row]) => (row ? [[row.paymentId, `payment of ${name}`]] : [])),
  );
  const { rows } = await pool.query<{
    type: string;
    causation_id: string;
    correlation_id: string;
    payload: Record<string, unknown>;
    headers: Record<string, string>;
  }>('SELECT * FROM outbox WHERE causation_id = ANY($1)', [contexts.map((c) => c.incoming.envelope.id)]);
  const replies = rows
    .map((row) => {
      const command = contexts.findIndex((context) => context.incoming.envelope.id === row.causation_id);
      const incoming = contexts[command]?.incoming;
      const { orderId, paymentId, ...rest } = row.payload;
      return {
        command,
        type: row.type,
        payload: {
          orderId: label.get(String(orderId)),
          ...(paymentId === undefined ? {} : { paymentId: paymentLabel.get(String(paymentId)) }),
          ...rest,
        },
        correlatedToCommand: row.correlation_id === incoming?.envelope.correlationId,
        inCommandsTrace:
          incoming !== undefined &&
          traceIdOf(row.headers.traceparent) === trace.getSpanContext(incoming.trace)?.traceId,
      };
    })
    .sort((a, b) => a.command - b.command);
  return {
    replies,
    payments: Object.fromEntries(
      Object.entries(payments).map(([name, row]) => [
        name,
        row && {
          customer: row.customerId === null ? null : label.get(row.customerId),
          status: row.status,
          amountCents: row.amountCents,
          refundedCents: row.refundedCents,
          failureReason: row.failureReason,
        },
      ]),
    ),
    ledger: Object.fromEntries(
      await Promise.all(
        orderLabels.map(async (name) => [name, await ledgerOf(db, world.order[name])] as const),
      ),
    ),
    balances: Object.fromEntries(
      await Promise.all(
        customerLabels.map(async (name) => [name, await balanceOf(db, world.customer[name])] as const),
      ),
    ),
    logs: logs.map(({ command, level, msg }) => ({ command, level, msg })),
  };
}

describe('a batch of payment commands', () => {
  it('ends as handling its commands one by one, each in its own transaction, does', async () => {
    const reference = await outcome(await oneByOne(await newWorld()));
    const batched = await outcome(await asOneBatch(await newWorld()));

    expect(batched).toEqual(reference);
    expect(reference.balances).toEqual({ alice: 0, bob: 0, carol: undefined, dave: 0 });
    expect(reference.replies.map((reply) => [reply.command, reply.type, reply.payload])).toEqual([
      [0, 'PaymentProcessed', { orderId: 'o1', paymentId: 'payment of o1', amountCents: 400 }],
      [1, 'PaymentProcessed', { orderId: 'o2', paymentId: 'payment of o2', amountCents: 500 }],
      [2, 'PaymentProcessed', { orderId: 'o1', paymentId: 'payment of o1', amountCents: 400 }],
      [3, 'PaymentProcessed', { orderId: 'o1', paymentId: 'payment of o1', amountCents: 400 }],
      [4, 'PaymentFailed', { orderId: 'o3', reason: 'insufficient_funds' }],
      [5, 'PaymentRefunded', { orderId: 'o2', amountCents: 500 }],
      [6, 'PaymentProcessed', { orderId: 'o4', paymentId: 'payment of o4', amountCents: 600 }],
      [7, 'PaymentRefunded', { orderId: 'o2', amountCents: 500 }],
      [8, 'PaymentFailed', { orderId: 'o2', reason: 'order_refunded' }],
      [9, 'PaymentRefunded', { orderId: 'o5', amountCents: 0 }],
      [10, 'PaymentFailed', { orderId: 'o5', reason: 'order_refunded' }],
      [11, 'PaymentProcessed', { orderId: 'o6', paymentId: 'payment of o6', amountCents: 300 }],
      [12, 'PaymentFailed', { orderId: 'o7', reason: 'wallet_not_found' }],
      [13, 'PaymentRefunded', { orderId: 'o8', amountCents: 150 }],
      [14, 'PaymentRefunded', { orderId: 'o3', amountCents: 0 }],
      [15, 'PaymentProcessed', { orderId: 'o9', paymentId: 'payment of o9', amountCents: 200 }],
    ]);
    expect(reference.replies.every((reply) => reply.correlatedToCommand && reply.inCommandsTrace)).toBe(true);
    expect(reference.ledger).toMatchObject({ o1: ['debit:400'], o2: ['debit:500', 'credit:500'], o3: [] });
    expect(reference.logs.filter((line) => line.level === 40)).toEqual([
      {
        command: 3,
        level: 40,
        msg: 'order charged before with another amount; repeating the original charge',
      },
    ]);
  });

  it('locks, writes and replies in six statements, however many commands it holds', async () => {
    await asOneBatch(await newWorld());

    expect(statements.filter((statement) => !/^(begin|commit)/i.test(statement.trim()))).toEqual([
      expect.stringMatching(/^select .* from "payments" .* for update$/is),
      expect.stringMatching(/^select .* from "wallets" .* for update$/is),
      expect.stringMatching(/^\s*with changed as \(\s*update payments .* insert into payments/is),
      expect.stringMatching(/^insert into "wallet_entries"/i),
      expect.stringMatching(/^\s*update wallets/i),
      expect.stringMatching(/^insert into "outbox"/i),
    ]);
  });
});
