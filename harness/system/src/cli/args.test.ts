import { describe, expect, it } from 'vitest';
import { scenarioNames } from '../scenarios/types.js';
import { parseDemoArgs, parseStartArgs, UsageError } from './args.js';

describe('parseDemoArgs', () => {
  it('runs every scenario by default, in order', () => {
    expect(parseDemoArgs([], 20_000)).toEqual({
      help: false,
      json: false,
      scenarios: [...scenarioNames],
      paymentTimeoutMs: 20_000,
      logLevel: 'info',
    });
  });

  it('takes --only, --json, --payment-timeout-ms and --log-level', () => {
    const args = parseDemoArgs(
      ['--only', 'payment-timeout', '--json', '--payment-timeout-ms', '9000', '--log-level', 'debug'],
      20_000,
    );
    expect(args).toMatchObject({
      json: true,
      scenarios: ['payment-timeout'],
      paymentTimeoutMs: 9_000,
      logLevel: 'debug',
    });
  });

  it('refuses an unknown scenario, flag, or a bad number as usage errors', () => {
    expect(() => parseDemoArgs(['--only', 'nope'], 1_000)).toThrow(/unknown scenario "nope"/);
    expect(() => parseDemoArgs(['--frobnicate'], 1_000)).toThrow(UsageError);
    expect(() => parseDemoArgs(['--payment-timeout-ms', '1.5'], 1_000)).toThrow(/integer/);
    expect(() => parseDemoArgs(['--log-level', 'loud'], 1_000)).toThrow(/log-level/);
  });
});

describe('parseStartArgs', () => {
  it('defaults to ports 3000-3002; 0 stays 0 (a free port)', () => {
    expect(parseStartArgs([]).ports).toEqual({ order: 3000, inventory: 3001, payment: 3002 });
    expect(parseStartArgs(['--port', '0', '--payment-port', '4002']).ports).toEqual({
      order: 0,
      inventory: 3001,
      payment: 4002,
    });
  });

  it('prints text unless --json', () => {
    expect(parseStartArgs([]).json).toBe(false);
    expect(parseStartArgs(['--json', '--port', '0']).json).toBe(true);
  });

  it('refuses a port out of range', () => {
    expect(() => parseStartArgs(['--port', '70000'])).toThrow(/--port must be an integer from 0 to 65535/);
  });
});
