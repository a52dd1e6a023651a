import { CommitStock, topics } from '@sagaflow/contracts';
import { bearer, KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commitStock,
  type DeadLetterService,
  startDeadLetterService,
} from '../testing/dead-letter-service.js';

let kit: DeadLetterService;
let peer: KafkaPeer;
let topicPrefix: string;

beforeAll(async () => {
  const environment = await testEnvironment('kit_dl_handling');
  topicPrefix = environment.topicPrefix;
  kit = await startDeadLetterService(
    'kit-dl-handling',
    environment.env,
    bearer(await environment.auth.operator('ann')),
  );
  peer = new KafkaPeer(environment.stack.kafkaBrokers, topicPrefix);
});

afterAll(async () => {
  await peer?.close();
  await kit?.service.stop();
});

describe('handling dead letters', () => {
  it('discards one for good: its inbox entry stays, so a redelivered copy is skipped, and it is not handled again', async () => {
    const orderId = uuidv7();
    kit.failing.add(orderId);
    const envelope = await peer.send(CommitStock, { orderId });
    const id = await kit.deadLetterOf(orderId);
    kit.failing.delete(orderId);
    const discarded = await kit.handle(id, 'discard', 'a duplicate of ticket 8');
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({
      id,
      handled: { action: 'discarded', by: 'operator:ann', reason: 'a duplicate of ticket 8' },
    });
    expect((await kit.handle(id, 'discard')).status).toBe(409);
    expect((await kit.handle(id, 'replay')).body).toMatchObject({
      status: 409,
      detail: expect.stringContaining('was discarded by operator:ann'),
    });
    // The copy goes first on the key's partition: once the next message took effect, it was skipped.
    await peer.sendEnvelope(topics.inventoryCommands, envelope);
    const next = await peer.send(CommitStock, { orderId });
    await waitFor(async () => (await kit.effects(orderId)).length > 0, 30_000);
    expect(await kit.effects(orderId)).toEqual([next.id]);
  });

  it('replays a consumer’s dead letter whose handler fails again: 409, nothing commits, it stays unhandled', async () => {
    const orderId = uuidv7();
    kit.failing.add(orderId);
    const envelope = await peer.send(CommitStock, { orderId });
    const id = await kit.deadLetterOf(orderId);
    const again = await kit.handle(id, 'replay', 'try once more');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      title: 'Handling failed again',
      detail: expect.stringContaining(`refusing ${orderId}`),
    });
    expect((await kit.call('GET', `/dead-letters/${id}`)).body).toMatchObject({ handled: null });
    // The inbox entry dead-lettering wrote is still there: the replay's delete rolled back too.
    const { rowCount } = await kit.service.pool.query('select 1 from inbox where message_id = $1', [
      envelope.id,
    ]);
    expect(rowCount).toBe(1);
    expect(await kit.effects(orderId)).toEqual([]);

    kit.failing.delete(orderId);
    expect((await kit.handle(id, 'replay', 'fixed')).status).toBe(200);
    expect(await kit.effects(orderId)).toEqual([envelope.id]);
  });

  it('refuses to replay, as its consumer refuses, an envelope its contracts or its key do not accept', async () => {
    const orderId = uuidv7();
    const topic = topicPrefix + topics.inventoryCommands;
    const unknownType = await kit.insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'ShipParcel',
      key: orderId,
      envelope: commitStock(orderId, { type: 'ShipParcel' }),
    });
    const wrongKey = await kit.insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'CommitStock',
      key: 'someone-else',
      envelope: commitStock(orderId),
    });
    const otherGroup = await kit.insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'CommitStock',
      key: orderId,
      envelope: commitStock(orderId),
      consumerGroup: 'another-service',
    });
    const refusals = [await kit.handle(unknownType, 'replay'), await kit.handle(wrongKey, 'replay')];
    expect(refusals.map((answer) => answer.status)).toEqual([409, 409]);
    expect(refusals[0]?.body).toMatchObject({ detail: expect.stringContaining('ShipParcel') });
    expect(refusals[1]?.body).toMatchObject({ detail: expect.stringContaining('is not the order id') });
    expect((await kit.handle(otherGroup, 'replay')).status).toBe(422);
    expect(await kit.effects(orderId)).toEqual([]);
    for (const id of [unknownType, wrongKey, otherGroup])
      expect((await kit.handle(id, 'resolve')).status).toBe(200);
  });
});
