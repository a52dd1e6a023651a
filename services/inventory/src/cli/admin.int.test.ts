import { fileURLToPath } from 'node:url';
import { topics } from '@sagaflow/contracts';
import { type CliRun, runCli } from '@sagaflow/testkit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryFixture, startInventoryFixture } from '../testing/inventory-fixture.js';

// The built CLI, as an operator runs it: a process of its own, against the running service.
const cli = fileURLToPath(new URL('../../dist/cli/admin.js', import.meta.url));
let fixture: InventoryFixture;

beforeAll(async () => {
  fixture = await startInventoryFixture();
});
afterAll(() => fixture?.close());

async function admin(...args: string[]): Promise<CliRun> {
  return runCli(cli, args, {
    INVENTORY_URL: fixture.service.url,
    SAGAFLOW_TOKEN: await fixture.auth.operator('ann'),
  });
}

describe('the inventory admin CLI', () => {
  it('lists, shows and resolves a dead letter the consumer could not read, refusing to replay it', async () => {
    expect(await admin('dead-letters', 'list')).toEqual({
      code: 0,
      out: ['no unhandled dead letters'],
      err: '',
    });
    const id = uuidv7();
    await fixture.service.pool.query(
      `insert into outbox_dead_letters (id, source, consumer_group, topic, key, partition, "offset", raw, headers, reason, attempts, failed_at)
       values ($1, 'consumer', $3, $2, 'k1', 0, '42', 'not json at all', '{"x-test":"1"}', 'unreadable record', 1, '2026-01-02T03:04:05.006Z')`,
      [id, topics.inventoryCommands, fixture.consumerGroup],
    );

    const listed = await admin('dead-letters', 'list');
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toEqual([
      `2026-01-02T03:04:05.006Z  ${id}  consumer  ${topics.inventoryCommands}  (no type)  unreadable record  unhandled`,
    ]);

    const shown = await admin('dead-letters', 'show', id);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`consumer group: ${fixture.consumerGroup}`);
    expect(shown.out).toContain('replayable:     no: only its raw value was kept');
    expect(shown.out.slice(-4)).toEqual(['headers:', '  x-test: 1', 'raw value:', '  not json at all']);

    const replay = await admin('dead-letters', 'replay', id, '--reason', 'try again');
    expect(replay.code).toBe(1);
    expect(replay.err).toMatch(/^422 Cannot be replayed: .*only the raw record value/);

    const resolved = await admin('dead-letters', 'resolve', id, '--reason', 'a test record');
    expect(resolved).toMatchObject({ code: 0, err: '' });
    expect(resolved.out[0]).toMatch(new RegExp(`^${id}: resolved by operator:ann at \\S+ — a test record$`));
    expect((await admin('dead-letters', 'list')).out).toEqual(['no unhandled dead letters']);
    expect((await admin('dead-letters', 'list', '--status', 'handled')).out).toEqual([
      expect.stringMatching(new RegExp(`${id} .* resolved by operator:ann at \\S+ — a test record$`)),
    ]);
    const again = await admin('dead-letters', 'resolve', id, '--reason', 'twice');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      new RegExp(`^409 Already handled: dead letter ${id} was resolved by operator:ann`),
    );
  });

  it('discards one, and all that match a filter, saying how many of how many', async () => {
    const insert = (id: string, source: 'relay' | 'consumer', type: string) =>
      fixture.service.pool.query(
        `insert into outbox_dead_letters (id, source, consumer_group, topic, key, type, raw, headers, reason, attempts)
         values ($1, $2, $3, $4, 'k', $5, 'x', '{}', 'poison', 1)`,
        [id, source, source === 'consumer' ? fixture.consumerGroup : null, topics.inventoryCommands, type],
      );
    const [one, two, three] = [uuidv7(), uuidv7(), uuidv7()];
    await insert(one, 'consumer', 'Poison');
    await insert(two, 'consumer', 'Poison');
    await insert(three, 'relay', 'Poison');

    const filtered = await admin('dead-letters', 'list', '--source', 'consumer', '--type', 'Poison');
    expect(filtered.out.map((line) => line.split(/\s+/)[1])).toEqual([two, one]);

    const single = await admin('dead-letters', 'discard', one, '--reason', 'garbage');
    expect(single.out[0]).toMatch(new RegExp(`^${one}: discarded by operator:ann at \\S+ — garbage$`));

    const bulk = await admin(
      'dead-letters',
      'discard',
      '--all',
      '--source',
      'consumer',
      '--reason',
      'garbage',
    );
    expect(bulk).toMatchObject({ code: 0, err: '' });
    expect(bulk.out[0]).toMatch(/^discarded 1 of 1 matching/);
    expect(
      (await admin('dead-letters', 'list', '--type', 'Poison')).out.map((line) => line.split(/\s+/)[1]),
    ).toEqual([three]);
  });

  it('answers a usage error with its usage, exit 2', async () => {
    const usage = await admin('dead-letters', 'list', '--status', 'lost');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--status is one of unhandled, handled, all');
    expect(usage.err).toContain('usage: pnpm --filter @sagaflow/inventory admin dead-letters');
  });
});
