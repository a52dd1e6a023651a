import { describe, expect, it } from 'vitest';
import { parseAdminArgs } from './admin-args.js';

const id = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';

describe('the admin CLI arguments', () => {
  it('reads an operator action with who and why', () => {
    expect(parseAdminArgs(['retry', id, '--actor', 'ann', '--reason', 'broker back'], {})).toEqual({
      kind: 'act',
      action: 'retry',
      orderId: id,
      actor: 'ann',
      reason: 'broker back',
      url: 'http://127.0.0.1:3000',
    });
  });

  it('refuses an action without an actor or a reason', () => {
    expect(() => parseAdminArgs(['resolve', id, '--actor', 'ann'], {})).toThrow(/--actor and --reason/);
  });

  it('takes the service URL from --url, then ORDER_URL', () => {
    expect(parseAdminArgs(['parked'], { ORDER_URL: 'http://order:3000' })).toEqual({
      kind: 'parked',
      url: 'http://order:3000',
    });
    expect(parseAdminArgs(['show', id, '--url', 'http://x:1'], {})).toMatchObject({
      kind: 'show',
      url: 'http://x:1',
    });
  });

  it('names an unknown command', () => {
    expect(() => parseAdminArgs(['delete', id], {})).toThrow("unknown command 'delete'");
  });
});
