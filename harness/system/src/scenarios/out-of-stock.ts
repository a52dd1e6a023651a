import type { Facts } from './facts.js';
import { hasEvent, judgeFinalOrder, placeTracked, runScenario, seedFixture, snapshot } from './fixtures.js';
import type { Scenario } from './types.js';

const onHand = 1;
const quantity = 3;

/** Cancelled on the reservation failure; payment never asked; nothing moved. */
export function outOfStockExpected(): Facts {
  return {
    status: 'cancelled',
    stockReservationFailed: true,
    paymentRequested: false,
    payment: 'none',
    onHandDelta: 0,
    reservedDelta: 0,
    soldDelta: 0,
    debits: 0,
    balanceDelta: 0,
  };
}

export const outOfStock: Scenario = {
  name: 'out-of-stock',
  summary: `order ${quantity} of a product with ${onHand} on hand: cancelled, no payment attempted`,
  run: (context) =>
    runScenario('out-of-stock', context, outOfStockExpected(), async (track) => {
      const { client } = context;
      const fixture = await seedFixture(client, 'out-of-stock', context.runId, {
        priceCents: 900,
        onHand,
        balanceCents: 10_000,
      });
      const before = await snapshot(client, fixture);
      const id = await placeTracked(client, fixture, quantity, track);
      return judgeFinalOrder(context, { id, fixture, before }, outOfStockExpected(), (view) => ({
        stockReservationFailed: hasEvent(view, 'StockReservationFailed'),
        paymentRequested: view.timeline.some((entry) =>
          entry.messages.some((message) => message.type === 'ProcessPayment'),
        ),
      }));
    }),
};
