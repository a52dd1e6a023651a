import { describe, expect, it } from 'vitest';
import { parseAdminArgs } from './admin-args.js';

const id = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';
const token = { SAGAFLOW_TOKEN: 'tok' };

describe('the admin CLI arguments', () => {
  it('reads an operator action with why; who is the token’s subject', () => {
    expect(parseAdminArgs(['retry', id, '--reason', 'broker back'], token)).toEqual({
      kind: 'act',
      action: 'retry',
      orderId: id,
      reason: 'broker back',
      url: 'http://127.0.0.1:3000',
      token: 'tok',
    });
  });

  it('refuses an action without a reason, and an actor named by hand', () => {
    expect(() => parseAdminArgs(['resolve', id], token)).toThrow(/--reason/);
    expect(() => parseAdminArgs(['resolve', id, '--actor', 'ann', '--reason', 'x'], token)).toThrow(/actor/);
  });

  it('needs a token: --token, then SAGAFLOW_TOKEN', () => {
    expect(() => parseAdminArgs(['parked'], {})).toThrow(/--token or SAGAFLOW_TOKEN/);
    expect(parseAdminArgs(['parked', '--token', 'mine'], token)).toMatchObject({ token: 'mine' });
  });

  it('takes the service URL from --url, then ORDER_URL', () => {
    expect(parseAdminArgs(['parked'], { ...token, ORDER_URL: 'http://order:3000' })).toEqual({
      kind: 'parked',
      url: 'http://order:3000',
      token: 'tok',
    });
    expect(parseAdminArgs(['show', id, '--url', 'http://x:1'], token)).toMatchObject({
      kind: 'show',
      url: 'http://x:1',
    });
  });

  it('names an unknown command, and refuses what it would not read', () => {
    expect(() => parseAdminArgs(['delete', id], token)).toThrow("unknown command 'delete'");
    expect(() => parseAdminArgs(['parked', id], token)).toThrow(/no order id/);
    expect(() => parseAdminArgs(['show', id, 'more'], token)).toThrow(/unexpected 'more'/);
  });

  it('lists the overdue sagas as it lists the parked ones', () => {
    expect(parseAdminArgs(['overdue'], token)).toEqual({
      kind: 'overdue',
      url: 'http://127.0.0.1:3000',
      token: 'tok',
    });
  });

  it('leaves dead-letters to the kit’s command, whose options it does not know', () => {
    expect(parseAdminArgs(['dead-letters', 'list', '--status', 'all'], {})).toEqual({ kind: 'dead-letters' });
    expect(parseAdminArgs(['--url', 'http://x:1', 'dead-letters', 'show', id], {})).toEqual({
      kind: 'dead-letters',
    });
    expect(() => parseAdminArgs(['retry', id, '--reason', 'dead-letters', '--status', 'all'], token)).toThrow(
      /status/,
    );
  });
});
