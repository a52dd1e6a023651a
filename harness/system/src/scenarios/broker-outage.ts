import { setTimeout as sleep } from 'node:timers/promises';
import type { Facts } from './facts.js';
import { judgeFinalOrder, placeTracked, runScenario, seedFixture, snapshot } from './fixtures.js';
import type { Scenario } from './types.js';

export const outageMs = 5_000;
const priceCents = 700;
const quantity = 3;

/** The outage delays the saga and changes nothing else. */
export function brokerOutageExpected(): Facts {
  return {
    status: 'confirmed',
    payment: 'charged',
    soldDelta: quantity,
    reservedDelta: 0,
    debits: 1,
    debitedCents: quantity * priceCents,
    balanceDelta: -quantity * priceCents,
  };
}

export const brokerOutage: Scenario = {
  name: 'broker-outage',
  summary: `every Kafka broker down for ${outageMs / 1000} s right after the order is placed: completes after recovery`,
  run: (context) =>
    runScenario('broker-outage', context, brokerOutageExpected(), async (track) => {
      const { client, system } = context;
      if (!system.canInjectOutage) {
        throw new Error(
          'this stack cannot take Kafka down (env-provided KAFKA_BROKERS); use the local stack',
        );
      }
      const fixture = await seedFixture(client, 'broker-outage', context.runId, {
        priceCents,
        onHand: 10,
        balanceCents: 10_000,
      });
      const before = await snapshot(client, fixture);
      const id = await placeTracked(client, fixture, quantity, track);
      await system.brokerDown();
      context.note(`Kafka down for ${outageMs} ms`);
      try {
        await sleep(outageMs);
      } finally {
        await system.brokerUp();
      }
      const statusAtRecovery = (await client.getOrder(id)).order.status;
      context.note(`Kafka up again; order was ${statusAtRecovery}`);
      return judgeFinalOrder(context, { id, fixture, before }, brokerOutageExpected());
    }),
};
