import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemClient } from '../client/client.js';
import {
  type LedgerEntry,
  type OrderView,
  type Payment,
  type Product,
  terminalStatuses,
  type Wallet,
} from '../client/types.js';
import { describeFacts, type Facts, judge, type Verdict } from './facts.js';
import type { ScenarioContext, ScenarioName, ScenarioResult } from './types.js';

/** One product and one wallet of the scenario's own, so no other saga touches them. */
export interface Fixture {
  sku: string;
  customerId: string;
  priceCents: number;
}

export async function seedFixture(
  client: SystemClient,
  scenario: ScenarioName,
  runId: string,
  seed: { priceCents: number; onHand: number; balanceCents: number },
): Promise<Fixture> {
  const sku = `${scenario}-${runId}`;
  const customerId = `customer-${scenario}-${runId}`;
  await client.seedProduct(sku, {
    name: `Demo ${scenario}`,
    priceCents: seed.priceCents,
    onHand: seed.onHand,
  });
  await client.seedWallet(customerId, seed.balanceCents);
  return { sku, customerId, priceCents: seed.priceCents };
}

/** Everything a scenario compares before and after its saga. */
export interface Snapshot {
  product: Product;
  wallet: Wallet;
  ledger: LedgerEntry[];
  payment: Payment | undefined;
}

export async function snapshot(client: SystemClient, fixture: Fixture, orderId?: string): Promise<Snapshot> {
  const [product, wallet, ledger, payment] = await Promise.all([
    client.getProduct(fixture.sku),
    client.getWallet(fixture.customerId),
    client.getLedger(fixture.customerId),
    orderId === undefined ? Promise.resolve(undefined) : client.getPayment(orderId),
  ]);
  return { product, wallet, ledger, payment };
}

/** Stock, wallet and ledger changes for one order: the facts most scenarios share. */
export function effectFacts(before: Snapshot, after: Snapshot, orderId: string): Facts {
  const entries = after.ledger.filter((entry) => entry.orderId === orderId);
  const sum = (kind: LedgerEntry['kind']) =>
    entries.filter((entry) => entry.kind === kind).reduce((total, entry) => total + entry.amountCents, 0);
  return {
    onHandDelta: after.product.onHand - before.product.onHand,
    reservedDelta: after.product.reserved - before.product.reserved,
    soldDelta: after.product.sold - before.product.sold,
    debits: entries.filter((entry) => entry.kind === 'debit').length,
    credits: entries.filter((entry) => entry.kind === 'credit').length,
    debitedCents: sum('debit'),
    creditedCents: sum('credit'),
    balanceDelta: after.wallet.balanceCents - before.wallet.balanceCents,
    payment: after.payment?.status ?? 'none',
  };
}

export function hasEvent(view: OrderView, event: string): boolean {
  return view.timeline.some((entry) => entry.event === event);
}

/** True when an entry for `event` wrote a message of type `wrote`: a reaction, as the timeline records it. */
export function eventWrote(view: OrderView, event: string, wrote: string): boolean {
  return view.timeline.some(
    (entry) => entry.event === event && entry.messages.some((message) => message.type === wrote),
  );
}

/**
 * Re-reads until the facts match or time runs out: some effects land after the
 * order is final (CommitStock has no reply). Returns the verdict on the last read.
 */
export async function settle(
  expected: Facts,
  observe: () => Promise<Facts>,
  timeoutMs: number,
): Promise<Verdict> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = judge(expected, await observe());
    if (verdict.ok || Date.now() >= deadline) return verdict;
    await sleep(200);
  }
}

export const isFinal = (view: OrderView) => terminalStatuses.includes(view.order.status);

/**
 * Runs a scenario body; a thrown error (a timeout, a refused request) becomes a
 * failed result that says what went wrong, with the order as last seen.
 */
export async function runScenario(
  name: ScenarioName,
  context: ScenarioContext,
  expected: Facts,
  body: (track: (orderId: string) => void) => Promise<{ verdict: Verdict; view: OrderView }>,
): Promise<ScenarioResult> {
  let orderId: string | null = null;
  try {
    const { verdict, view } = await body((id) => {
      orderId = id;
    });
    return { name, orderId, ...verdict, view, error: null };
  } catch (error) {
    const message = (error as Error).message;
    const view = orderId === null ? null : await context.client.getOrder(orderId).catch(() => null);
    return {
      name,
      orderId,
      expected: describeFacts(expected),
      actual: `error: ${message}`,
      ok: false,
      mismatches: [message],
      view,
      error: message,
    };
  }
}

/** Places an order for `quantity` of the fixture's product, tracked as the scenario's order. */
export async function placeTracked(
  client: SystemClient,
  fixture: Fixture,
  quantity: number,
  track: (orderId: string) => void,
): Promise<string> {
  const { id } = await client.placeOrder({
    customerId: fixture.customerId,
    items: [{ sku: fixture.sku, quantity }],
  });
  track(id);
  return id;
}

/**
 * Waits until the order is final, then judges its status, the scenario's own
 * facts about the timeline, and the books' movement since `before`.
 */
export async function judgeFinalOrder(
  context: ScenarioContext,
  order: { id: string; fixture: Fixture; before: Snapshot },
  expected: Facts,
  timelineFacts: (view: OrderView) => Facts = () => ({}),
  settleMs = 5_000,
): Promise<{ verdict: Verdict; view: OrderView }> {
  const { client } = context;
  const view = await client.waitForOrder(order.id, isFinal, context.settleTimeoutMs);
  const verdict = await settle(
    expected,
    async () => ({
      status: view.order.status,
      ...timelineFacts(view),
      ...effectFacts(order.before, await snapshot(client, order.fixture, order.id), order.id),
    }),
    settleMs,
  );
  return { verdict, view };
}
