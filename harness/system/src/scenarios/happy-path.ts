import type { Facts } from './facts.js';
import { judgeFinalOrder, placeTracked, runScenario, seedFixture, snapshot } from './fixtures.js';
import type { Scenario } from './types.js';

const quantity = 2;
const priceCents = 1_250;

/** Confirmed; the reservation became a sale; the wallet was debited once, for the total. */
export function happyPathExpected(): Facts {
  const total = quantity * priceCents;
  return {
    status: 'confirmed',
    payment: 'charged',
    soldDelta: quantity,
    reservedDelta: 0,
    debits: 1,
    debitedCents: total,
    credits: 0,
    balanceDelta: -total,
  };
}

export const happyPath: Scenario = {
  name: 'happy-path',
  summary: 'stock reserved, payment charged, order confirmed, stock committed',
  run: (context) =>
    runScenario('happy-path', context, happyPathExpected(), async (track) => {
      const { client } = context;
      const fixture = await seedFixture(client, 'happy-path', context.runId, {
        priceCents,
        onHand: 10,
        balanceCents: 10_000,
      });
      const before = await snapshot(client, fixture);
      const id = await placeTracked(client, fixture, quantity, track);
      return judgeFinalOrder(context, { id, fixture, before }, happyPathExpected());
    }),
};
