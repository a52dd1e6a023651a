import { describe, expect, it } from 'vitest';
import { deadLettersUsage, parseDeadLetterArgs } from './dead-letters-args.js';
import { deadLetterRequest } from './dead-letters-requests.js';

const inventory = { name: 'inventory', port: 3001 };
const env = { SAGAFLOW_TOKEN: 'tok' };
const id = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';
const parse = (line: string, given: Record<string, string | undefined> = env) =>
  parseDeadLetterArgs(['dead-letters', ...line.split(' ').filter((word) => word !== '')], given, inventory);

describe('the dead-letters CLI arguments', () => {
  it('lists unhandled ones by default, from $INVENTORY_URL, else the service’s port', () => {
    expect(parse('list')).toEqual({
      kind: 'list',
      status: 'unhandled',
      filter: {},
      url: 'http://127.0.0.1:3001',
      token: 'tok',
    });
    expect(parse('list', { ...env, INVENTORY_URL: 'http://inv:1' })).toMatchObject({ url: 'http://inv:1' });
    expect(
      parse('list --url http://x:2 --token mine', { ...env, INVENTORY_URL: 'http://inv:1' }),
    ).toMatchObject({ url: 'http://x:2', token: 'mine' });
  });

  it('reads the filters, the status, a page size and a cursor; --group is the consumer group', () => {
    const command = parse(
      'list --status all --topic t.a --type CommitStock --source consumer --group inv --limit 20 --cursor abc',
    );
    expect(command).toMatchObject({
      kind: 'list',
      status: 'all',
      filter: { topic: 't.a', type: 'CommitStock', source: 'consumer', consumerGroup: 'inv' },
      limit: 20,
      cursor: 'abc',
    });
    expect(deadLetterRequest(command)).toEqual({
      method: 'GET',
      path: '/dead-letters?status=all&topic=t.a&type=CommitStock&source=consumer&consumerGroup=inv&limit=20&cursor=abc',
    });
  });

  it('builds the one-id actions with their reason', () => {
    for (const action of ['replay', 'discard', 'resolve'] as const) {
      const command = parse(`${action} ${id} --reason fixed`);
      expect(command).toMatchObject({ kind: 'handle', action, id, reason: 'fixed' });
      expect(deadLetterRequest(command)).toEqual({
        method: 'POST',
        path: `/dead-letters/${id}/${action}`,
        body: { reason: 'fixed' },
      });
    }
    expect(deadLetterRequest(parse(`show ${id}`))).toEqual({ method: 'GET', path: `/dead-letters/${id}` });
  });

  it('builds the bulk actions: the filter and the limit in the body, per the contract', () => {
    const command = parse('replay --all --source relay --topic t.b --reason broker-back --limit 500');
    expect(deadLetterRequest(command)).toEqual({
      method: 'POST',
      path: '/dead-letters/replay',
      body: { reason: 'broker-back', filter: { source: 'relay', topic: 't.b' }, limit: 500 },
    });
    expect(deadLetterRequest(parse('discard --all --reason noise'))).toEqual({
      method: 'POST',
      path: '/dead-letters/discard',
      body: { reason: 'noise', filter: {} },
    });
  });

  it('refuses what it cannot send, naming why', () => {
    expect(() => parse(`replay ${id}`)).toThrow(/--reason/);
    expect(() => parse('discard --reason x')).toThrow(/needs an id, or --all/);
    expect(() => parse(`replay ${id} --all --reason x`)).toThrow(/an id or --all, not both/);
    expect(() => parse('resolve --all --reason x')).toThrow(/one id/);
    expect(() => parse(`replay ${id} --reason x --topic t`)).toThrow(/does not take --topic/);
    expect(() => parse('list --status some')).toThrow(/--status is one of unhandled, handled, all/);
    expect(() => parse('list --source kafka')).toThrow(/relay or consumer/);
    expect(() => parse('list --limit 201')).toThrow(/1 to 200/);
    expect(() => parse('replay --all --reason x --limit 501')).toThrow(/1 to 500/);
    expect(() => parse('list --limit 2x')).toThrow(/whole number/);
    expect(() => parse('show')).toThrow(/needs an id/);
    expect(() => parse(`show ${id} extra`)).toThrow(/unexpected 'extra'/);
    expect(() => parse('list --actor ann')).toThrow(/actor/);
    expect(() => parse('purge')).toThrow("unknown command 'dead-letters purge'");
    expect(() => parse('')).toThrow(/needs a command/);
    expect(() => parseDeadLetterArgs(['list'], env, inventory)).toThrow("unknown command 'list'");
    expect(() => parse('list', {})).toThrow(/--token or SAGAFLOW_TOKEN/);
  });

  it('names the service and its URL variable in the usage', () => {
    expect(deadLettersUsage(inventory)).toContain('pnpm --filter @sagaflow/inventory admin dead-letters');
    expect(deadLettersUsage(inventory)).toContain('$INVENTORY_URL or http://127.0.0.1:3001');
  });
});
