import {
  CommitStock,
  outgoing,
  ReleaseStock,
  ReserveStock,
  StockReleased,
  StockReservationFailed,
  StockReserved,
  topics,
} from '@sagaflow/contracts';
import { buildEnvelope, toRow } from '@sagaflow/outbox';
import { bearer, waitFor } from '@sagaflow/testkit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryFixture, seed, startInventoryFixture, stockOf } from '../testing/inventory-fixture.js';

let fixture: InventoryFixture;

beforeAll(async () => {
  fixture = await startInventoryFixture();
});

afterAll(async () => {
  await fixture?.close();
});

const customerId = 'customer-1';

async function reservationOf(orderId: string): Promise<{ status: string; lines: unknown[] } | undefined> {
  const response = await fetch(`${fixture.service.url}/reservations/${orderId}`, {
    headers: bearer(await fixture.auth.operator()),
  });
  return response.status === 404
    ? undefined
    : ((await response.json()) as { status: string; lines: unknown[] });
}

/** Commands of one order share a partition, so once the marker is answered, all before it were handled. */
async function drainOrder(orderId: string): Promise<void> {
  const before = fixture.peer.ofType('StockReleased', orderId).length;
  await fixture.peer.send(ReleaseStock, { orderId, reason: 'test drain' });
  await fixture.peer.waitForType('StockReleased', orderId, before + 1);
}

describe('ReserveStock', () => {
  it('reserves every line, priced from the catalog, and replies StockReserved caused by the command', async () => {
    await seed(fixture.service, 'R1-MUG', 10, 1250);
    await seed(fixture.service, 'R1-TEA', 5, 499);
    const orderId = uuidv7();

    const command = await fixture.peer.send(ReserveStock, {
      orderId,
      customerId,
      items: [
        { sku: 'R1-MUG', quantity: 2 },
        { sku: 'R1-TEA', quantity: 5 },
      ],
    });

    const [reply] = await fixture.peer.waitForType('StockReserved', orderId);
    expect(reply?.payload).toEqual({
      orderId,
      lines: [
        { sku: 'R1-MUG', name: 'Product R1-MUG', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
        { sku: 'R1-TEA', name: 'Product R1-TEA', quantity: 5, unitPriceCents: 499, lineTotalCents: 2495 },
      ],
      totalCents: 4995,
    });
    expect(StockReserved.checker.Check(reply?.payload)).toBe(true);
    expect(reply).toMatchObject({ causationId: command.id, correlationId: command.correlationId });
    expect(await stockOf(fixture.service, 'R1-MUG')).toMatchObject({ onHand: 8, reserved: 2, sold: 0 });
    expect(await stockOf(fixture.service, 'R1-TEA')).toMatchObject({ onHand: 0, reserved: 5, sold: 0 });
    expect(await reservationOf(orderId)).toEqual({
      orderId,
      status: 'reserved',
      lines: [
        { sku: 'R1-MUG', quantity: 2, unitPriceCents: 1250 },
        { sku: 'R1-TEA', quantity: 5, unitPriceCents: 499 },
      ],
    });
  });

  it('reserves nothing when any line falls short, and names each short line', async () => {
    await seed(fixture.service, 'R2-OK', 10);
    await seed(fixture.service, 'R2-LOW', 1);
    const orderId = uuidv7();

    await fixture.peer.send(ReserveStock, {
      orderId,
      customerId,
      items: [
        { sku: 'R2-OK', quantity: 3 },
        { sku: 'R2-LOW', quantity: 2 },
        { sku: 'R2-NONE', quantity: 1 },
      ],
    });

    const [reply] = await fixture.peer.waitForType('StockReservationFailed', orderId);
    expect(reply?.payload).toEqual({
      orderId,
      reason: 'out_of_stock',
      shortfalls: [
        { sku: 'R2-LOW', requested: 2, available: 1, reason: 'insufficient_stock' },
        { sku: 'R2-NONE', requested: 1, available: 0, reason: 'unknown_sku' },
      ],
    });
    expect(StockReservationFailed.checker.Check(reply?.payload)).toBe(true);
    expect(await stockOf(fixture.service, 'R2-OK')).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await stockOf(fixture.service, 'R2-LOW')).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await reservationOf(orderId)).toMatchObject({ status: 'failed', lines: [] });
  });

  it('answers a retry of the same order (a new message id) with the first answer, reserving once', async () => {
    await seed(fixture.service, 'R3', 10);
    const reservedOrder = uuidv7();
    const failedOrder = uuidv7();
    const reserve = { orderId: reservedOrder, customerId, items: [{ sku: 'R3', quantity: 4 }] };
    const tooMany = { orderId: failedOrder, customerId, items: [{ sku: 'R3', quantity: 11 }] };

    await fixture.peer.send(ReserveStock, reserve);
    await fixture.peer.send(ReserveStock, reserve);
    await fixture.peer.send(ReserveStock, tooMany);
    const replies = await fixture.peer.waitForType('StockReserved', reservedOrder, 2);
    await fixture.peer.waitForType('StockReservationFailed', failedOrder);
    await seed(fixture.service, 'R3', 20);
    await fixture.peer.send(ReserveStock, tooMany);

    expect(replies[1]?.payload).toEqual(replies[0]?.payload);
    expect(replies[1]?.causationId).not.toBe(replies[0]?.causationId);
    const failures = await fixture.peer.waitForType('StockReservationFailed', failedOrder, 2);
    // Decided once: the retry repeats the first answer even though stock arrived in between.
    expect(failures[1]?.payload).toEqual(failures[0]?.payload);
    expect(await stockOf(fixture.service, 'R3')).toMatchObject({ onHand: 20, reserved: 4 });
  });

  it('handles a redelivered envelope (same id) once', async () => {
    await seed(fixture.service, 'R4', 10);
    const orderId = uuidv7();

    const command = await fixture.peer.send(ReserveStock, {
      orderId,
      customerId,
      items: [{ sku: 'R4', quantity: 1 }],
    });
    await fixture.peer.sendEnvelope(topics.inventoryCommands, command);
    await fixture.peer.waitForType('StockReserved', orderId);
    await drainOrder(orderId);

    expect(fixture.peer.ofType('StockReserved', orderId)).toHaveLength(1);
    expect(await stockOf(fixture.service, 'R4')).toMatchObject({ onHand: 10, reserved: 0 });
  });
});

describe('ReleaseStock', () => {
  it('puts the reserved stock back on hand, and a retry answers the same lines without moving more', async () => {
    await seed(fixture.service, 'L1', 10);
    const orderId = uuidv7();
    await fixture.peer.send(ReserveStock, { orderId, customerId, items: [{ sku: 'L1', quantity: 3 }] });
    await fixture.peer.waitForType('StockReserved', orderId);

    await fixture.peer.send(ReleaseStock, { orderId, reason: 'payment failed' });
    await fixture.peer.send(ReleaseStock, { orderId, reason: 'payment failed' });

    const replies = await fixture.peer.waitForType('StockReleased', orderId, 2);
    expect(replies.map((reply) => reply.payload)).toEqual([
      { orderId, lines: [{ sku: 'L1', quantity: 3 }] },
      { orderId, lines: [{ sku: 'L1', quantity: 3 }] },
    ]);
    expect(StockReleased.checker.Check(replies[0]?.payload)).toBe(true);
    expect(await stockOf(fixture.service, 'L1')).toMatchObject({ onHand: 10, reserved: 0, sold: 0 });
    expect(await reservationOf(orderId)).toMatchObject({ status: 'released' });
  });

  it('leaves a tombstone for an order released before it reserved, so it can never reserve', async () => {
    await seed(fixture.service, 'L2', 10);
    const orderId = uuidv7();

    await fixture.peer.send(ReleaseStock, { orderId, reason: 'saga timed out' });
    const [released] = await fixture.peer.waitForType('StockReleased', orderId);
    await fixture.peer.send(ReserveStock, { orderId, customerId, items: [{ sku: 'L2', quantity: 1 }] });

    expect(released?.payload).toEqual({ orderId, lines: [] });
    const [refused] = await fixture.peer.waitForType('StockReservationFailed', orderId);
    expect(refused?.payload).toEqual({ orderId, reason: 'order_released', shortfalls: [] });
    expect(await stockOf(fixture.service, 'L2')).toMatchObject({ onHand: 10, reserved: 0 });
  });
});

describe('CommitStock', () => {
  it('sells the reservation once, and a later release does not un-sell it', async () => {
    await seed(fixture.service, 'C1', 10);
    const orderId = uuidv7();
    await fixture.peer.send(ReserveStock, { orderId, customerId, items: [{ sku: 'C1', quantity: 4 }] });
    await fixture.peer.waitForType('StockReserved', orderId);

    await fixture.peer.send(CommitStock, { orderId });
    await fixture.peer.send(CommitStock, { orderId });
    await fixture.peer.send(ReleaseStock, { orderId, reason: 'late compensation' });

    const [released] = await fixture.peer.waitForType('StockReleased', orderId);
    expect(released?.payload).toEqual({ orderId, lines: [] });
    expect(await stockOf(fixture.service, 'C1')).toMatchObject({ onHand: 6, reserved: 0, sold: 4 });
    expect(await reservationOf(orderId)).toMatchObject({ status: 'committed' });
  });
});

describe('poison messages', () => {
  it('dead-letters undecodable and invalid commands and keeps consuming', async () => {
    await seed(fixture.service, 'P1', 10);
    const invalidOrder = uuidv7();
    const reserveNothing = outgoing(
      ReserveStock,
      { orderId: invalidOrder, customerId, items: [{ sku: 'P1', quantity: 0 }] },
      { correlationId: invalidOrder },
    );
    const invalid = buildEnvelope(toRow(reserveNothing, { newId: uuidv7, now: () => new Date() }));

    await fixture.peer.sendEnvelope(topics.inventoryCommands, '{"not":"an envelope"}');
    await fixture.peer.sendEnvelope(topics.inventoryCommands, invalid);
    const orderId = uuidv7();
    await fixture.peer.send(ReserveStock, { orderId, customerId, items: [{ sku: 'P1', quantity: 1 }] });

    await fixture.peer.waitForType('StockReserved', orderId);
    const deadLetters = async () =>
      (
        await fixture.service.pool.query<{ reason: string; messageId: string | null }>(
          'select reason, message_id as "messageId" from outbox_dead_letters',
        )
      ).rows;
    await waitFor(async () => (await deadLetters()).length >= 2, 30_000);
    const reasons = (await deadLetters()).map((row) => row.reason);
    expect(reasons.some((reason) => reason.includes('not a valid envelope'))).toBe(true);
    expect(reasons.some((reason) => reason.includes("invalid 'ReserveStock' payload"))).toBe(true);
    expect(fixture.peer.ofType('StockReservationFailed', invalidOrder)).toHaveLength(0);
    expect(await stockOf(fixture.service, 'P1')).toMatchObject({ onHand: 9, reserved: 1 });
  });
});
