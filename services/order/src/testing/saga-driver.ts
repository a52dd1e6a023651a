import { type MessageContract, type PayloadOf, topics } from '@sagaflow/contracts';
import type { Envelope } from '@sagaflow/outbox';
import { waitFor } from '@sagaflow/testkit';
import type { Static } from '@sinclair/typebox';
import type { OrderView } from '../orders/schemas.js';
import type { OrderFixture } from './order-fixture.js';

export type View = Static<typeof OrderView>;

export const lines = [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }];

/** Drives the order service's sagas from the participants' side. */
export function sagaDriver(fixture: OrderFixture) {
  const view = async (id: string) => (await fixture.get<View>(`/orders/${id}`)).body;
  return {
    view,
    async place(customerId = 'cust-1'): Promise<string> {
      const response = await fixture.post('/orders', { customerId, items: [{ sku: 'MUG', quantity: 2 }] });
      return ((await response.json()) as { id: string }).id;
    },
    async reply<TContract extends MessageContract>(
      contract: TContract,
      payload: PayloadOf<TContract> & { orderId: string },
      deliveries = 1,
    ): Promise<Envelope> {
      const envelope = await fixture.peer.send(contract, payload);
      for (let extra = 1; extra < deliveries; extra += 1)
        await fixture.peer.sendEnvelope(topics.orderSagaReplies, envelope);
      return envelope;
    },
    async waitForStatus(id: string, status: View['order']['status'], timeoutMs = 30_000): Promise<View> {
      let last: View | undefined;
      await waitFor(
        async () => {
          last = await view(id);
          return last.order.status === status;
        },
        timeoutMs,
        () => `order ${id} is ${last?.order.status}, not ${status}`,
      );
      return last as View;
    },
    /** Waits until the timeline has `count` entries, so an ignored reply is known to be processed. */
    async waitForTimeline(id: string, count: number, timeoutMs = 30_000): Promise<View> {
      let last: View | undefined;
      await waitFor(
        async () => {
          last = await view(id);
          return last.timeline.length >= count;
        },
        timeoutMs,
        () => `timeline of ${id}: ${last?.timeline.map((entry) => entry.event).join(', ')}`,
      );
      return last as View;
    },
  };
}
