import { fileURLToPath } from 'node:url';
import { PaymentFailed, StockReserved } from '@sagaflow/contracts';
import { type CliRun, runCli } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';

// The built CLI, as an operator runs it: a process of its own, against the running service.
const cli = fileURLToPath(new URL('../../dist/cli/admin.js', import.meta.url));
let fixture: OrderFixture;
let saga: ReturnType<typeof sagaDriver>;

beforeAll(async () => {
  fixture = await startOrderFixture('order_admin_cli', {
    COMPENSATION_STEP_TIMEOUT_MS: '400',
    COMPENSATION_MAX_ATTEMPTS: '2',
  });
  saga = sagaDriver(fixture);
});
afterAll(() => fixture?.close());

async function admin(...args: string[]): Promise<CliRun> {
  return runCli(cli, args, {
    ORDER_URL: fixture.service.url,
    SAGAFLOW_TOKEN: await fixture.auth.operator('ann'),
  });
}

/** A saga whose ReleaseStock is never answered: it retries within its budget, then parks. */
async function parkedSaga(): Promise<string> {
  const id = await saga.place();
  await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
  await saga.waitForStatus(id, 'processingPayment');
  await saga.reply(PaymentFailed, { orderId: id, reason: 'insufficient_funds' });
  await saga.waitForStatus(id, 'compensationFailed');
  return id;
}

describe('the order admin CLI', () => {
  it('shows an order as its timeline, lists it parked, and resolves it with the timeline after', async () => {
    const id = await parkedSaga();
    const shown = await admin('show', id);
    expect(shown.code).toBe(0);
    expect(shown.out[0]).toBe(
      `order ${id}: compensationFailed, total 2500c, failure: payment failed: insufficient_funds; compensation releaseStock failed 2 times`,
    );
    expect(shown.out[1]).toMatch(
      /^#1 \d\d:\d\d:\d\d\.\d{3} {2}OrderPlaced: start → reservingStock {2}by api$/,
    );
    expect(shown.out).toContainEqual(expect.stringMatching(/^ {4}wrote ReserveStock → \S+, published /));
    expect(shown.out).toContainEqual(
      expect.stringMatching(/PaymentFailed: processingPayment → compensating {2}by payment$/),
    );

    const parked = await admin('parked');
    expect(parked.code).toBe(0);
    expect(parked.out).toContainEqual(
      expect.stringMatching(new RegExp(`^\\S+ {2}${id} {2}compensationFailed {2}cust-1 {2}2500c`)),
    );

    const resolved = await admin('resolve', id, '--reason', 'stock counted by hand');
    expect(resolved).toMatchObject({ code: 0, err: '' });
    expect(resolved.out[0]).toBe(`resolve ${id}: compensationFailed → resolved (transitioned)`);
    expect(resolved.out[1]).toBe(
      `order ${id}: resolved, total 2500c, failure: payment failed: insufficient_funds; compensation releaseStock failed 2 times`,
    );
    expect(resolved.out).toContainEqual(
      expect.stringMatching(
        /^#\d+ .*Resolve: compensationFailed → resolved {2}by operator:ann — stock counted by hand$/,
      ),
    );
  });

  it('prints a refused action as its problem on stderr, exit 1, and a usage error exit 2', async () => {
    const id = await saga.place();
    const refused = await admin('resolve', id, '--reason', 'too early');
    expect(refused).toMatchObject({ code: 1, out: [''] });
    expect(refused.err).toBe(
      `409 Not allowed in this state: the saga is reservingStock, which does not accept Resolve; the attempt is on the timeline\n`,
    );
    const usage = await admin('resolve', id);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('resolve needs --reason');
    expect(usage.err).toContain('usage: pnpm --filter @sagaflow/order admin');
  });

  it('lists the service’s dead letters through the kit’s command: none here', async () => {
    expect(await admin('dead-letters', 'list')).toEqual({
      code: 0,
      out: ['no unhandled dead letters'],
      err: '',
    });
    const unknown = await admin('dead-letters', 'show', '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      '404 Dead letter not found: No dead letter has id 0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f\n',
    );
  });
});
