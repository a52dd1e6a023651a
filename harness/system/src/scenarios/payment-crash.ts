import type { Facts } from './facts.js';
import { effectFacts, isFinal, runScenario, seedFixture, settle, snapshot } from './fixtures.js';
import type { Scenario } from './types.js';

const priceCents = 4_000;

/** The crash cost nothing but time: confirmed, charged exactly once. */
export function paymentCrashExpected(): Facts {
  return {
    status: 'confirmed',
    payment: 'charged',
    soldDelta: 1,
    reservedDelta: 0,
    debits: 1,
    debitedCents: priceCents,
    credits: 0,
    balanceDelta: -priceCents,
  };
}

export const paymentCrash: Scenario = {
  name: 'payment-crash',
  summary: 'payment SIGKILLed while the saga waits for it, then restarted: confirmed, charged once',
  run: (context) =>
    runScenario('payment-crash', context, paymentCrashExpected(), async (track) => {
      const { client, system } = context;
      const fixture = await seedFixture(client, 'payment-crash', context.runId, {
        priceCents,
        onHand: 5,
        balanceCents: 10_000,
      });
      const before = await snapshot(client, fixture);
      // Paused first, so the kill lands before the payment service can have taken the command.
      system.pause('payment');
      context.note('payment service paused (SIGSTOP)');
      let resumed = false;
      try {
        const { id } = await client.placeOrder({
          customerId: fixture.customerId,
          items: [{ sku: fixture.sku, quantity: 1 }],
        });
        track(id);
        await client.waitForOrder(
          id,
          (view) => view.order.status === 'processingPayment',
          context.settleTimeoutMs,
        );
        context.note('order is waiting for its payment; SIGKILL payment');
        await system.kill('payment', 'SIGKILL');
        resumed = true;
        await system.restart('payment');
        context.note('payment service restarted');
        const view = await client.waitForOrder(
          id,
          isFinal,
          context.paymentTimeoutMs + context.settleTimeoutMs,
        );
        const verdict = await settle(
          paymentCrashExpected(),
          async () => ({
            status: view.order.status,
            ...effectFacts(before, await snapshot(client, fixture, id), id),
          }),
          5_000,
        );
        return { verdict, view };
      } finally {
        if (!resumed) system.resume('payment');
      }
    }),
};
