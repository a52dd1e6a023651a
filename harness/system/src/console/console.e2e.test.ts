import { waitFor } from '@sagaflow/testkit';
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { System } from '../launcher/launcher.js';
import { launchTestSystem } from '../testing/launch.js';
import { type ConsoleSession, openConsole } from './browser-session.js';
import { poisonTopicOf } from './poison-records.js';

// The operator console in a real browser (Debian's Chromium through playwright-core)
// against the three services as processes. Each scenario does by hand, in the page,
// what an operator would, and leaves a screenshot in .tmp/artifacts/console.

/** A compensation attempt waits this long; two attempts, then the saga parks. */
const compensationStepMs = 2_500;
const liveMs = 30_000;

let system: System;
let session: ConsoleSession;

beforeAll(async () => {
  system = await launchTestSystem('console', {
    STOCK_TIMEOUT_MS: '30000',
    PAYMENT_TIMEOUT_MS: '60000',
    COMPENSATION_STEP_TIMEOUT_MS: String(compensationStepMs),
    COMPENSATION_MAX_ATTEMPTS: '2',
    DEADLINE_POLL_MS: '200',
  });
  await system.client.seedProduct('widget', { name: 'Widget', priceCents: 1_250, onHand: 50 });
  await system.client.seedWallet('alice', 100_000);
  await system.client.seedWallet('bob', 500);
  session = await openConsole(system);
}, 180_000);

afterEach(() => {
  expect(session?.pageErrors ?? []).toEqual([]);
});

afterAll(async () => {
  await session?.close();
  await system?.stop();
}, 60_000);

const operatorActor = () => `operator:${session.operator}`;

/** The page is the same document it was: the live updates came without a reload. */
async function markDocument(): Promise<void> {
  await session.page.evaluate('window.__sagaflowNotReloaded = true');
}
async function documentWasNotReloaded(): Promise<boolean> {
  return (await session.page.evaluate('window.__sagaflowNotReloaded === true')) === true;
}

/** Opens the action's reason dialog, types the reason and submits it with Enter. */
async function act(button: Locator, reason: string): Promise<void> {
  await button.waitFor();
  await expectEnabled(button);
  await button.click();
  const dialog = session.page.getByTestId('reason-dialog');
  const submit = dialog.locator('button[type=submit]');
  expect(await submit.isDisabled(), 'a reason is required before submitting').toBe(true);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByLabel('Reason').press('Enter');
  await dialog.waitFor({ state: 'detached', timeout: liveMs }).catch(async (error: unknown) => {
    throw new Error(`the dialog stayed open: ${await dialog.textContent()}`, { cause: error });
  });
}

async function expectEnabled(button: Locator): Promise<void> {
  await waitFor(
    () => button.isEnabled(),
    liveMs,
    () => `${button} stayed disabled`,
  );
}

/** Waits until as many elements match as `holds` accepts; says how many there were. */
async function waitForCount(locator: Locator, holds: (count: number) => boolean, timeoutMs = liveMs) {
  let count = 0;
  await waitFor(
    async () => {
      count = await locator.count();
      return holds(count);
    },
    timeoutMs,
    () => `${locator}: ${count} found`,
  );
}

async function openOrder(id: string): Promise<void> {
  await session.go(`#/orders/${id}`);
  await session.page.locator(`h1:has-text("${id}")`).waitFor({ timeout: liveMs });
}

const statusBadge = (status: string) =>
  session.page.locator(`[data-testid="order-status"][data-status="${status}"]`);
const timelineStep = (event: string, extra = '') =>
  session.page.locator(`[data-testid="timeline-step"][data-event="${event}"]${extra}`);

describe('the saga console', () => {
  it('shows a new order appear and reach confirmed live, its swimlane with five messages', async () => {
    await session.go('#/orders');
    await session.page.getByRole('heading', { name: 'Orders' }).waitFor();
    await markDocument();
    const { id } = await system.client.placeOrder({
      customerId: 'alice',
      items: [{ sku: 'widget', quantity: 2 }],
    });
    const row = session.page.locator(`[data-testid="order-row"][data-order-id="${id}"]`);
    await row.waitFor({ timeout: liveMs });
    await session.page
      .locator(`[data-testid="order-row"][data-order-id="${id}"][data-status="confirmed"]`)
      .waitFor({ timeout: liveMs });
    expect(await documentWasNotReloaded()).toBe(true);

    await row.getByRole('link').first().click();
    await statusBadge('confirmed').first().waitFor({ timeout: liveMs });
    const between = session.page.locator('[data-testid="swimlane-message"][data-consumed="true"]');
    await waitForCount(between, (count) => count === 5);
    const types = await between.evaluateAll((arrows) =>
      arrows.map((arrow) => arrow.getAttribute('data-type')),
    );
    expect(types.sort()).toEqual([
      'CommitStock',
      'PaymentProcessed',
      'ProcessPayment',
      'ReserveStock',
      'StockReserved',
    ]);
    await session.screenshot('order-confirmed');
    expect(await session.accessibilityProblems()).toEqual([]);
  });

  it('forces a compensation: the action is on the timeline with its operator, and the stock is back', async () => {
    const before = await system.client.getProduct('widget');
    const walletBefore = await system.client.getWallet('alice');
    system.pause('payment');
    let id: string;
    try {
      ({ id } = await system.client.placeOrder({
        customerId: 'alice',
        items: [{ sku: 'widget', quantity: 3 }],
      }));
      await system.client.waitForOrder(id, (view) => view.order.status === 'processingPayment', liveMs);
      await openOrder(id);
      await act(session.page.getByTestId('action-compensate'), 'customer cancelled by phone');
    } finally {
      system.resume('payment');
    }
    await timelineStep('ForceCompensation', `[data-actor="${operatorActor()}"]`).waitFor({ timeout: liveMs });
    await statusBadge('cancelled').first().waitFor({ timeout: 60_000 });
    await timelineStep('StockReleased').first().waitFor({ timeout: liveMs });
    const after = await system.client.getProduct('widget');
    expect({ onHand: after.onHand, reserved: after.reserved, sold: after.sold }).toEqual({
      onHand: before.onHand,
      reserved: before.reserved,
      sold: before.sold,
    });
    expect((await system.client.getWallet('alice')).balanceCents).toBe(walletBefore.balanceCents);
    await session.screenshot('force-compensation');
  });

  it('parks a saga whose compensation keeps failing, then resolves it with a reason', async () => {
    system.pause('payment');
    let id: string;
    try {
      ({ id } = await system.client.placeOrder({
        customerId: 'bob',
        items: [{ sku: 'widget', quantity: 1 }],
      }));
      await system.client.waitForOrder(id, (view) => view.order.status === 'processingPayment', liveMs);
      // Bob cannot pay; the release of his stock then meets an inventory that does nothing.
      system.pause('inventory');
    } finally {
      system.resume('payment');
    }
    try {
      await system.client.waitForOrder(
        id,
        (view) => view.order.status === 'compensationFailed',
        4 * compensationStepMs + liveMs,
      );
      await session.go('#/sagas');
      const parked = session.page.locator('#parked-heading').locator('..');
      await parked.getByRole('link', { name: id }).click();
      await statusBadge('compensationFailed').first().waitFor({ timeout: liveMs });
      await act(session.page.getByTestId('action-resolve'), 'stock counted by hand');
      await timelineStep('Resolve', `[data-actor="${operatorActor()}"]`).waitFor({ timeout: liveMs });
      await statusBadge('resolved').first().waitFor({ timeout: liveMs });
    } finally {
      system.resume('inventory');
    }
    // The inventory wakes up and answers both releases: replies to a closed saga, marked ignored.
    await timelineStep('StockReleased', '[data-outcome="ignored"]').first().waitFor({ timeout: 60_000 });
    await session.screenshot('parked-resolved');
  });

  it('shows a poisoned topic’s dead letters; replay and discard them, one and in bulk', async () => {
    const keys = await poisonTopicOf('inventory', system.stack.kafkaBrokers, system.topicPrefix);
    await session.go('#/outboxes');
    await session.page.getByLabel('Service').selectOption('inventory');
    const rows = session.page.getByTestId('dead-letter-row');
    await waitForCount(rows, (count) => count >= 2, 60_000);
    const inventoryCard = session.page.locator('[data-testid="outbox-card"][data-service="inventory"]');
    await inventoryCard
      .getByTestId('outbox-dead-letters')
      .filter({ hasText: '2' })
      .waitFor({ timeout: liveMs });
    await session.screenshot('dead-letters');

    // The record that is not JSON: nothing to replay, so it is discarded.
    const notJson = rows.filter({ hasText: 'not JSON' });
    await notJson.getByRole('link').first().click();
    await session.page.getByTestId('dead-letter-detail').waitFor();
    expect(await session.page.getByTestId('dead-letter-detail').textContent()).toContain(keys.notJson);
    await act(session.page.getByTestId('dead-letter-discard'), 'garbage from a test producer');
    await session.page
      .getByTestId('dead-letter-handled')
      .filter({ hasText: operatorActor() })
      .waitFor({ timeout: liveMs });

    // The unknown type: replayed through the inventory's inbox, it fails again and stays.
    await session.go('#/outboxes?service=inventory');
    const unknown = rows.filter({ hasText: 'ChaosMonkeyWasHere' });
    await unknown.waitFor({ timeout: liveMs });
    await unknown.getByTestId('dead-letter-replay').click();
    const dialog = session.page.getByTestId('reason-dialog');
    await dialog.getByLabel('Reason').fill('try once more');
    await dialog.getByLabel('Reason').press('Enter');
    await session.page.getByTestId('action-error').waitFor({ timeout: liveMs });
    expect(await session.page.getByTestId('action-error').textContent()).toMatch(/again/i);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // In bulk, by filter: every unhandled consumer dead letter of the inventory.
    await session.page.getByLabel('Source').selectOption('consumer');
    await session.page.getByRole('button', { name: 'Apply filters' }).click();
    await act(session.page.getByTestId('bulk-discard'), 'poison from a test producer');
    await session.page.getByTestId('bulk-result').filter({ hasText: '1' }).waitFor({ timeout: liveMs });
    await session.page.getByText('No dead letters match.').waitFor({ timeout: liveMs });
    expect(await session.accessibilityProblems()).toEqual([]);
  });
});
