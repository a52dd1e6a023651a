import { StockReserved } from '@sagaflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMermaid } from '../saga/diagram.js';
import { currentMachineVersion, sagaMachine } from '../saga/versions.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';

let fixture: OrderFixture;
let saga: ReturnType<typeof sagaDriver>;

beforeAll(async () => {
  // No scheduler tick for a minute: a saga past its deadline stays overdue long enough to be seen.
  fixture = await startOrderFixture('order_saga_routes', {
    PAYMENT_TIMEOUT_MS: '200',
    DEADLINE_POLL_MS: '60000',
  });
  saga = sagaDriver(fixture);
});
afterAll(() => fixture?.close());

interface Graph {
  version: number;
  initial: string;
  states: { name: string; terminal: boolean }[];
  transitions: { from: string; to: string; event: string }[];
}
type OrderList = { items: { id: string; customerId: string }[]; nextCursor: string | null };

describe('GET /saga/machine', () => {
  it('is the machine new sagas start on, edge for edge what the Mermaid diagram draws', async () => {
    const { status, body } = await fixture.get<Graph>('/saga/machine');
    expect(status).toBe(200);
    expect(body.version).toBe(currentMachineVersion);
    const mermaid = toMermaid(sagaMachine(currentMachineVersion));
    for (const edge of body.transitions)
      expect(mermaid).toContain(`${edge.from} --> ${edge.to} : ${edge.event}`);
    expect(mermaid.split('\n').filter((line) => line.includes(' : '))).toHaveLength(body.transitions.length);
    expect(
      body.states
        .filter((state) => state.terminal)
        .map((state) => state.name)
        .sort(),
    ).toEqual(['cancelled', 'confirmed', 'resolved']);
  });

  it('answers an older deployed version, and 404 for one not deployed', async () => {
    expect((await fixture.get<Graph>('/saga/machine?version=1')).body.version).toBe(1);
    const missing = await fixture.get<{ detail: string }>('/saga/machine?version=99');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('known: 1, 2');
  });
});

describe('GET /admin/sagas/overdue', () => {
  it('lists a saga past its deadline that no timer has moved on', async () => {
    const id = await saga.place('overdue-1');
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    await saga.waitForStatus(id, 'processingPayment');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { status, body } = await fixture.get<OrderList>('/admin/sagas/overdue');
    expect(status).toBe(200);
    expect(body.items.map((item) => item.id)).toContain(id);
  });
});

describe('GET /orders?customerId=', () => {
  it('gives an operator one customer’s orders only', async () => {
    const mine = await saga.place('filter-ann');
    await saga.place('filter-bo');
    const { body } = await fixture.get<OrderList>('/orders?customerId=filter-ann');
    expect(body.items.map((item) => item.id)).toEqual([mine]);
  });
});
