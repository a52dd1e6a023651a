import { waitFor } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../client/types.js';
import { sagaTimeoutEnv } from '../launcher/demo-env.js';
import type { System } from '../launcher/launcher.js';
import { launchTestSystem } from '../testing/launch.js';
import { caughtUp, readSagaReplies, republish } from './replies.js';
import { runScenarios } from './run.js';
import { type ScenarioName, scenarioNames } from './types.js';

// The demo's scenarios against the three services as OS processes, with databases
// of this file's own on the shared Postgres and a Kafka of its own, which the
// broker-outage scenario takes down.
const paymentTimeoutMs = 20_000;
const scenarioTimeoutMs = 180_000;
let system: System;

beforeAll(async () => {
  system = await launchTestSystem('system', sagaTimeoutEnv(paymentTimeoutMs), { ownKafka: true });
}, scenarioTimeoutMs);

afterAll(async () => {
  await system?.stop();
}, 60_000);

async function run(name: ScenarioName) {
  const [result] = await runScenarios(system, [name], { paymentTimeoutMs });
  if (result === undefined) throw new Error(`scenario ${name} did not run`);
  return result;
}

describe('saga scenarios', () => {
  for (const name of scenarioNames) {
    it(
      name,
      async () => {
        const result = await run(name);
        expect(result.error).toBeNull();
        expect(result.mismatches).toEqual([]);
        expect(result.actual).toBe(result.expected);
        expect(result.ok).toBe(true);
      },
      scenarioTimeoutMs,
    );
  }
});

describe('duplicate delivery', () => {
  it(
    'redelivering every saga reply changes nothing: status, timeline, ledger, stock',
    async () => {
      const sagas = [await run('happy-path'), await run('insufficient-funds')];
      for (const saga of sagas) expect(saga.ok).toBe(true);
      const { client, stack, topicPrefix } = system;
      const ids = sagas.map((saga) => saga.orderId as string);
      const customers = new Set<string>();
      const skus = new Set<string>();
      const readState = async () => {
        const views: OrderView[] = await Promise.all(ids.map((id) => client.getOrder(id)));
        for (const view of views) {
          customers.add(view.order.customerId);
          for (const item of view.order.items) skus.add(item.sku);
        }
        return {
          orders: views.map((view) => ({
            status: view.order.status,
            // Entries a redelivery may add must say they were ignored; none may transition.
            transitions: view.timeline.filter((entry) => entry.outcome === 'transitioned').length,
            timeline: view.timeline.length,
            ignored: view.timeline.filter((entry) => entry.outcome === 'ignored').length,
          })),
          ledgers: await Promise.all([...customers].map((customer) => client.getLedger(customer))),
          wallets: await Promise.all([...customers].map((customer) => client.getWallet(customer))),
          payments: await Promise.all(ids.map((id) => client.getPayment(id))),
          stock: await Promise.all([...skus].map((sku) => client.getProduct(sku))),
        };
      };
      const before = await readState();

      const records = await readSagaReplies(stack.kafkaBrokers, topicPrefix);
      const replies = records.filter((record) => ids.some((id) => record.key?.toString() === id));
      // happy path: StockReserved, PaymentProcessed; insufficient funds: StockReserved, PaymentFailed, StockReleased.
      expect(replies.length).toBeGreaterThanOrEqual(5);
      await republish(stack.kafkaBrokers, topicPrefix, replies);
      await waitFor(() => caughtUp(stack.kafkaBrokers, topicPrefix, `${topicPrefix}order`), 30_000);

      const after = await readState();
      expect(after.ledgers).toEqual(before.ledgers);
      expect(after.wallets).toEqual(before.wallets);
      expect(after.payments).toEqual(before.payments);
      expect(after.stock).toEqual(before.stock);
      after.orders.forEach((order, index) => {
        const earlier = before.orders[index];
        expect(order.status).toBe(earlier?.status);
        expect(order.transitions).toBe(earlier?.transitions);
        // Any growth of the timeline is entries marked ignored, never new steps.
        expect(order.timeline - (earlier?.timeline ?? 0)).toBe(order.ignored - (earlier?.ignored ?? 0));
      });
    },
    scenarioTimeoutMs,
  );
});
