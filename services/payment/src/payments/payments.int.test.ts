import {
  type MessageContract,
  type PayloadOf,
  PaymentFailed,
  PaymentProcessed,
  PaymentRefunded,
  ProcessPayment,
  RefundPayment,
  topics,
} from '@sagaflow/contracts';
import type { Envelope } from '@sagaflow/outbox';
import { loadEnv, startService } from '@sagaflow/service-kit';
import { bearer, KafkaPeer } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentEnvSchema } from '../config.js';
import { paymentService, type RunningPayment } from '../service.js';
import { balanceOf, ledgerOf, newCustomerId, paymentOf, seedWallet } from '../testing/payment-fixture.js';

let service: RunningPayment;
let peer: KafkaPeer;
let operator: { authorization: string };

beforeAll(async () => {
  const { env, stack, topicPrefix, auth } = await testEnvironment('payment');
  operator = bearer(await auth.operator());
  service = await startService(paymentService, loadEnv(paymentEnvSchema, env), {
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  });
  peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.orderSagaReplies);
});

afterAll(async () => {
  await peer?.close();
  await service?.stop();
});

/** Sends a command and waits for the `count`-th reply of `replyType` for its order. */
async function command<TContract extends MessageContract>(
  contract: TContract,
  payload: PayloadOf<TContract> & { orderId: string },
  reply: MessageContract,
  count = 1,
): Promise<{ sent: Envelope; replies: Envelope[] }> {
  const sent = await peer.send(contract, payload);
  const replies = await peer.waitForType(reply.type, payload.orderId, count);
  return { sent, replies };
}

function repliesFor(orderId: string): Envelope[] {
  return peer.received.filter((envelope) => envelope.aggregateId === orderId);
}

describe('ProcessPayment', () => {
  it('debits the wallet once and replies PaymentProcessed, caused by the command', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);

    const { sent, replies } = await command(
      ProcessPayment,
      { orderId, customerId, amountCents: 300 },
      PaymentProcessed,
    );

    const payment = await paymentOf(service.db, orderId);
    expect(payment).toMatchObject({ status: 'charged', customerId, amountCents: 300, refundedCents: 0 });
    expect(replies[0]?.payload).toEqual({ orderId, paymentId: payment?.paymentId, amountCents: 300 });
    expect(replies[0]).toMatchObject({ causationId: sent.id, correlationId: sent.correlationId });
    expect(await balanceOf(service.db, customerId)).toBe(700);
    expect(await ledgerOf(service.db, orderId)).toEqual(['debit:300']);
  });

  it('refuses with insufficient_funds, records the failure, and moves no money', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 299);

    const { replies } = await command(
      ProcessPayment,
      { orderId, customerId, amountCents: 300 },
      PaymentFailed,
    );

    expect(replies[0]?.payload).toEqual({ orderId, reason: 'insufficient_funds' });
    expect(await paymentOf(service.db, orderId)).toMatchObject({
      status: 'failed',
      failureReason: 'insufficient_funds',
    });
    expect(await balanceOf(service.db, customerId)).toBe(299);
    expect(await ledgerOf(service.db, orderId)).toEqual([]);
  });

  it('refuses with wallet_not_found when the customer has no wallet', async () => {
    const orderId = uuidv7();

    const { replies } = await command(
      ProcessPayment,
      { orderId, customerId: newCustomerId(), amountCents: 300 },
      PaymentFailed,
    );

    expect(replies[0]?.payload).toEqual({ orderId, reason: 'wallet_not_found' });
    expect(await paymentOf(service.db, orderId)).toMatchObject({
      status: 'failed',
      failureReason: 'wallet_not_found',
    });
    expect(await ledgerOf(service.db, orderId)).toEqual([]);
  });
});

describe('RefundPayment', () => {
  it('credits a charge back and replies PaymentRefunded with the amount', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);
    await command(ProcessPayment, { orderId, customerId, amountCents: 400 }, PaymentProcessed);

    const { replies } = await command(RefundPayment, { orderId, reason: 'stock ran out' }, PaymentRefunded);

    expect(replies[0]?.payload).toEqual({ orderId, amountCents: 400 });
    expect(await balanceOf(service.db, customerId)).toBe(1_000);
    expect(await ledgerOf(service.db, orderId)).toEqual(['debit:400', 'credit:400']);
    expect(await paymentOf(service.db, orderId)).toMatchObject({ status: 'refunded', refundedCents: 400 });
  });

  it('refunds a failed payment with 0 and leaves it failed', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 10);
    await command(ProcessPayment, { orderId, customerId, amountCents: 400 }, PaymentFailed);

    const { replies } = await command(RefundPayment, { orderId, reason: 'cancelled' }, PaymentRefunded);

    expect(replies[0]?.payload).toEqual({ orderId, amountCents: 0 });
    expect(await paymentOf(service.db, orderId)).toMatchObject({ status: 'failed' });
    expect(await balanceOf(service.db, customerId)).toBe(10);
  });

  it('before any charge, leaves a tombstone so a later charge is refused with order_refunded', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);

    const refunded = await command(RefundPayment, { orderId, reason: 'saga timed out' }, PaymentRefunded);
    expect(refunded.replies[0]?.payload).toEqual({ orderId, amountCents: 0 });
    expect(await paymentOf(service.db, orderId)).toMatchObject({ status: 'voided', amountCents: 0 });

    const late = await command(ProcessPayment, { orderId, customerId, amountCents: 300 }, PaymentFailed);
    expect(late.replies[0]?.payload).toEqual({ orderId, reason: 'order_refunded' });
    expect(await balanceOf(service.db, customerId)).toBe(1_000);
    expect(await ledgerOf(service.db, orderId)).toEqual([]);
  });
});

describe('idempotency per order', () => {
  it('a repeated ProcessPayment under a new message id repeats the same charge without debiting', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);
    const payload = { orderId, customerId, amountCents: 250 };

    const first = await command(ProcessPayment, payload, PaymentProcessed);
    const second = await command(ProcessPayment, payload, PaymentProcessed, 2);

    expect(second.sent.id).not.toBe(first.sent.id);
    expect(second.replies[1]?.payload).toEqual(first.replies[0]?.payload);
    expect(second.replies[1]?.causationId).toBe(second.sent.id);
    expect(await ledgerOf(service.db, orderId)).toEqual(['debit:250']);
    expect(await balanceOf(service.db, customerId)).toBe(750);
  });

  it('a repeated ProcessPayment after a refusal repeats the refusal, even once the wallet is filled', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 100);
    const payload = { orderId, customerId, amountCents: 250 };
    await command(ProcessPayment, payload, PaymentFailed);
    await seedWallet(service.db, customerId, 10_000);

    const { replies } = await command(ProcessPayment, payload, PaymentFailed, 2);

    expect(replies.map((reply) => reply.payload)).toEqual([
      { orderId, reason: 'insufficient_funds' },
      { orderId, reason: 'insufficient_funds' },
    ]);
    expect(await balanceOf(service.db, customerId)).toBe(10_000);
    expect(await ledgerOf(service.db, orderId)).toEqual([]);
  });

  it('a repeated RefundPayment repeats the amount without crediting twice, and the order stays uncharged', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);
    await command(ProcessPayment, { orderId, customerId, amountCents: 600 }, PaymentProcessed);

    await command(RefundPayment, { orderId, reason: 'first' }, PaymentRefunded);
    const { replies } = await command(RefundPayment, { orderId, reason: 'again' }, PaymentRefunded, 2);
    const recharge = await command(ProcessPayment, { orderId, customerId, amountCents: 600 }, PaymentFailed);

    expect(replies.map((reply) => reply.payload)).toEqual([
      { orderId, amountCents: 600 },
      { orderId, amountCents: 600 },
    ]);
    expect(recharge.replies[0]?.payload).toEqual({ orderId, reason: 'order_refunded' });
    expect(await ledgerOf(service.db, orderId)).toEqual(['debit:600', 'credit:600']);
    expect(await balanceOf(service.db, customerId)).toBe(1_000);
  });

  it('a redelivered envelope (same message id) has one effect and one reply', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);

    const { sent } = await command(
      ProcessPayment,
      { orderId, customerId, amountCents: 100 },
      PaymentProcessed,
    );
    await peer.sendEnvelope(topics.paymentCommands, sent);
    // Same key, same partition: once the marker's reply is out, the duplicate before it was consumed.
    const marker = await command(RefundPayment, { orderId, reason: 'marker' }, PaymentRefunded);

    expect(marker.replies).toHaveLength(1);
    expect(repliesFor(orderId).map((reply) => reply.type)).toEqual(['PaymentProcessed', 'PaymentRefunded']);
    expect(await ledgerOf(service.db, orderId)).toEqual(['debit:100', 'credit:100']);
  });
});

describe('the running service', () => {
  it('serves wallet seeding and the payment view a demo reads', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    const seeded = await fetch(`${service.url}/wallets/${customerId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...operator },
      body: JSON.stringify({ balanceCents: 800 }),
    });
    expect(seeded.status).toBe(200);

    await command(ProcessPayment, { orderId, customerId, amountCents: 800 }, PaymentProcessed);

    const payment = await fetch(`${service.url}/payments/${orderId}`, { headers: operator });
    expect(await payment.json()).toMatchObject({ orderId, customerId, status: 'charged', amountCents: 800 });
    const wallet = await fetch(`${service.url}/wallets/${customerId}`, { headers: operator });
    expect(await wallet.json()).toEqual({ customerId, balanceCents: 0 });
  });
});

describe('bad input', () => {
  it('dead-letters poison and invalid commands, and keeps consuming the partition after them', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await seedWallet(service.db, customerId, 1_000);
    await peer.sendEnvelope(topics.paymentCommands, '{"not":"an envelope"', orderId);
    await peer.send(
      ProcessPayment,
      { orderId, customerId, amountCents: 100 },
      {
        payload: { orderId, customerId, amountCents: -100 },
      },
    );

    const { replies } = await command(
      ProcessPayment,
      { orderId, customerId, amountCents: 100 },
      PaymentProcessed,
    );

    expect(replies).toHaveLength(1);
    expect(await balanceOf(service.db, customerId)).toBe(900);
    const { rows } = await service.pool.query<{ reason: string }>(
      'SELECT reason FROM outbox_dead_letters WHERE key = $1 ORDER BY "offset"::bigint',
      [orderId],
    );
    expect(rows.map((row) => row.reason)).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining("invalid 'ProcessPayment' payload: /amountCents"),
    ]);
  });
});
