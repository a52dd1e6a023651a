import type { Facts } from './facts.js';
import {
  eventWrote,
  hasEvent,
  judgeFinalOrder,
  placeTracked,
  runScenario,
  seedFixture,
  snapshot,
} from './fixtures.js';
import type { Scenario } from './types.js';

const quantity = 2;
const priceCents = 1_250;
const balanceCents = 1_000;

/** The payment fails; the saga releases the stock it reserved and cancels; no money moved. */
export function insufficientFundsExpected(): Facts {
  return {
    status: 'cancelled',
    payment: 'failed',
    releaseStockOnPaymentFailed: true,
    stockReleased: true,
    onHandDelta: 0,
    reservedDelta: 0,
    soldDelta: 0,
    debits: 0,
    balanceDelta: 0,
  };
}

export const insufficientFunds: Scenario = {
  name: 'insufficient-funds',
  summary: `a ${quantity * priceCents}c order from a wallet of ${balanceCents}c: payment fails, stock released, cancelled`,
  run: (context) =>
    runScenario('insufficient-funds', context, insufficientFundsExpected(), async (track) => {
      const { client } = context;
      const fixture = await seedFixture(client, 'insufficient-funds', context.runId, {
        priceCents,
        onHand: 10,
        balanceCents,
      });
      const before = await snapshot(client, fixture);
      const id = await placeTracked(client, fixture, quantity, track);
      return judgeFinalOrder(
        context,
        { id, fixture, before },
        insufficientFundsExpected(),
        (view) => ({
          releaseStockOnPaymentFailed: eventWrote(view, 'PaymentFailed', 'ReleaseStock'),
          stockReleased: hasEvent(view, 'StockReleased'),
        }),
        2_000,
      );
    }),
};
