import { randomBytes } from 'node:crypto';
import {
  enqueueCommitted,
  message,
  type OutboxFixture,
  outboxDatabase,
  recordTap,
  spawnRelay,
  stopProcess,
  uniqueName,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { ownKafka } from '@sagaflow/testkit/vitest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const shared = inject('devstack');
const user = { username: 'relay-cli', password: randomBytes(12).toString('hex') };
const own = ownKafka(shared, 'relay-scram', { kafkaScram: user });
let fixture: OutboxFixture;

beforeAll(async () => {
  fixture = await outboxDatabase(shared, uniqueName('relay_scram'));
});

afterAll(async () => {
  await fixture?.close();
});

describe('sagaflow-relay against a Kafka that requires SCRAM', () => {
  it('publishes with the KAFKA_SASL_* of its environment, and logs no password', async () => {
    const topic = uniqueName('scram');
    await own.control.createTopic(topic, 2);
    await enqueueCommitted(
      fixture.db,
      Array.from({ length: 10 }, (_, seq) => message(topic, `k${seq % 3}`, seq)),
    );
    const tap = await recordTap(own.kafka, topic);
    // spawnRelay's environment is the stack's: KAFKA_SASL_MECHANISM=scram-sha-512, its user and password.
    const relay = spawnRelay(own.stack, fixture.databaseUrl, ['--poll-interval-ms', '200']);
    try {
      await waitForEmptyOutbox(fixture.db, 30_000);
      await tap.waitForDistinct(10, 30_000);
    } finally {
      await stopProcess(relay);
      await tap.stop();
    }
    const output = relay.output.join('');
    expect(output).toContain('SASL scram-sha-512 as relay-cli');
    expect(output).not.toContain(user.password);
  });
});
