import type { OrderView } from '../client/types.js';
import type { Facts } from './facts.js';
import { effectFacts, hasEvent, isFinal, runScenario, seedFixture, settle, snapshot } from './fixtures.js';
import type { Scenario } from './types.js';

const priceCents = 2_500;

/**
 * True when, from the missed deadline on, the saga wrote a RefundPayment: at the
 * deadline itself (a charge may be in flight) or on the late PaymentProcessed.
 */
export function refundAfterDeadline(view: OrderView): boolean {
  const deadline = view.timeline.find((entry) => entry.event === 'DeadlineExpired');
  if (deadline === undefined) return false;
  return view.timeline.some(
    (entry) =>
      entry.seq >= deadline.seq && entry.messages.some((message) => message.type === 'RefundPayment'),
  );
}

/**
 * The deadline gives up on the paused payment and the saga compensates; the
 * payment service, resumed, charges the stale command, and that charge is refunded
 * in full: the customer pays nothing, the stock is back.
 */
export function paymentTimeoutExpected(): Facts {
  return {
    status: 'cancelled',
    deadlineExpiredWhilePaused: true,
    latePaymentProcessed: true,
    refundAfterDeadline: true,
    stockReleased: true,
    payment: 'refunded',
    refundedCents: priceCents,
    onHandDelta: 0,
    reservedDelta: 0,
    soldDelta: 0,
    debits: 1,
    debitedCents: priceCents,
    credits: 1,
    creditedCents: priceCents,
    balanceDelta: 0,
  };
}

export const paymentTimeout: Scenario = {
  name: 'payment-timeout',
  summary: 'payment paused past its deadline: the saga compensates; the late charge is refunded',
  run: (context) =>
    runScenario('payment-timeout', context, paymentTimeoutExpected(), async (track) => {
      const { client, system } = context;
      const fixture = await seedFixture(client, 'payment-timeout', context.runId, {
        priceCents,
        onHand: 4,
        balanceCents: 10_000,
      });
      const before = await snapshot(client, fixture);
      system.pause('payment');
      context.note(`payment service paused (SIGSTOP); its deadline is ${context.paymentTimeoutMs} ms`);
      let id = '';
      let expiredWhilePaused = false;
      try {
        ({ id } = await client.placeOrder({
          customerId: fixture.customerId,
          items: [{ sku: fixture.sku, quantity: 1 }],
        }));
        track(id);
        const expired = await client.waitForOrder(
          id,
          (view) => hasEvent(view, 'DeadlineExpired'),
          context.paymentTimeoutMs + context.settleTimeoutMs,
        );
        expiredWhilePaused = true;
        context.note(`deadline expired, order ${expired.order.status}; resuming payment (SIGCONT)`);
      } finally {
        system.resume('payment');
      }
      const view = await client.waitForOrder(
        id,
        (current) => isFinal(current) && hasEvent(current, 'PaymentProcessed'),
        context.settleTimeoutMs,
      );
      const verdict = await settle(
        paymentTimeoutExpected(),
        async () => {
          const after = await snapshot(client, fixture, id);
          return {
            status: view.order.status,
            deadlineExpiredWhilePaused: expiredWhilePaused,
            latePaymentProcessed: hasEvent(view, 'PaymentProcessed'),
            refundAfterDeadline: refundAfterDeadline(view),
            stockReleased: hasEvent(view, 'StockReleased'),
            refundedCents: after.payment?.refundedCents ?? 0,
            ...effectFacts(before, after, id),
          };
        },
        context.settleTimeoutMs,
      );
      return { verdict, view };
    }),
};
