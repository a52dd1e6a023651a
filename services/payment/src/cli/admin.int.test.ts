import { fileURLToPath } from 'node:url';
import { topics } from '@sagaflow/contracts';
import { buildEnvelope } from '@sagaflow/outbox';
import { loadEnv, startService } from '@sagaflow/service-kit';
import { type CliRun, runCli } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentEnvSchema } from '../config.js';
import { paymentService, type RunningPayment } from '../service.js';

// The built CLI, as an operator runs it: a process of its own, against the running service.
const cli = fileURLToPath(new URL('../../dist/cli/admin.js', import.meta.url));
let service: RunningPayment;
let token: string;

beforeAll(async () => {
  const { env, auth } = await testEnvironment('payment_admin_cli');
  service = await startService(paymentService, loadEnv(paymentEnvSchema, env), {
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  });
  token = await auth.operator('ann');
});
afterAll(() => service?.stop());

async function admin(...args: string[]): Promise<CliRun> {
  return runCli(cli, args, { PAYMENT_URL: service.url, SAGAFLOW_TOKEN: token });
}

describe('the payment admin CLI', () => {
  it('shows a relay’s dead letter with its envelope, and replays it once', async () => {
    expect(await admin('dead-letters', 'list')).toEqual({
      code: 0,
      out: ['no unhandled dead letters'],
      err: '',
    });
    const orderId = uuidv7();
    const envelope = buildEnvelope({
      id: uuidv7(),
      type: 'PaymentProcessed',
      aggregateType: 'payment',
      aggregateId: orderId,
      correlationId: orderId,
      occurredAt: new Date(),
      payload: { orderId, amountCents: 2500 },
    });
    const id = uuidv7();
    await service.pool.query(
      `insert into outbox_dead_letters (id, message_id, source, topic, key, type, envelope, reason, attempts)
       values ($1, $2, 'relay', $3, $4, 'PaymentProcessed', $5, 'broker refused it', 3)`,
      [id, envelope.id, topics.orderSagaReplies, orderId, JSON.stringify(envelope)],
    );

    const shown = await admin('dead-letters', 'show', id);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`message id:     ${envelope.id}`);
    expect(shown.out).toContain('headers: none');
    const json = shown.out.slice(shown.out.indexOf('envelope:') + 1).join('\n');
    expect(JSON.parse(json)).toEqual(envelope);

    const replayed = await admin('dead-letters', 'replay', id, '--reason', 'broker back');
    expect(replayed).toMatchObject({ code: 0, err: '' });
    expect(replayed.out[0]).toMatch(new RegExp(`^${id}: replayed by operator:ann at \\S+ — broker back$`));
    const again = await admin('dead-letters', 'replay', id, '--reason', 'once more');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^409 Already handled: /);
  });
});
