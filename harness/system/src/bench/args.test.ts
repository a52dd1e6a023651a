import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args.js';

describe('parseBenchArgs', () => {
  it('defaults to the issue: 30 s phases at 100, 250, 500 and 1,000 sagas/s, both modes', () => {
    expect(parseBenchArgs([])).toEqual({
      help: false,
      json: false,
      durationS: 30,
      rates: [25, 50, 75, 100, 250, 500, 1000],
      closedConcurrency: 64,
      modes: ['outbox', 'dual-write'],
      warmupS: 5,
      catalogSize: 500,
      brokers: 1,
      logLevel: 'warn',
      env: {},
      cpuProfDir: undefined,
    });
  });

  it('shortens everything with --quick; explicit flags still win', () => {
    const quick = parseBenchArgs(['--quick']);
    expect(quick).toMatchObject({ durationS: 5, rates: [50, 100], warmupS: 2, closedConcurrency: 16 });
    expect(parseBenchArgs(['--quick', '--duration-s', '8']).durationS).toBe(8);
  });

  it('takes rates in any order, without repeats', () => {
    expect(parseBenchArgs(['--rates', '500, 100,500']).rates).toEqual([100, 500]);
  });

  it('takes one mode or both', () => {
    expect(parseBenchArgs(['--mode', 'dual-write']).modes).toEqual(['dual-write']);
    expect(parseBenchArgs(['--mode', 'both']).modes).toEqual(['outbox', 'dual-write']);
  });

  it('collects repeated --env pairs; the value may hold "="', () => {
    expect(parseBenchArgs(['--env', 'A=1', '--env', 'B=x=y']).env).toEqual({ A: '1', B: 'x=y' });
  });

  it('refuses bad values and unknown flags as usage errors', () => {
    expect(() => parseBenchArgs(['--rates', '100,abc'])).toThrow(/--rates/);
    expect(() => parseBenchArgs(['--rates', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--mode', 'kafka'])).toThrow(/--mode/);
    expect(() => parseBenchArgs(['--duration-s', '0'])).toThrow(/--duration-s/);
    expect(() => parseBenchArgs(['--kafka-max-wait-ms', '20'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--env', 'no-equals'])).toThrow(/KEY=VALUE/);
    expect(() => parseBenchArgs(['--log-level', 'loud'])).toThrow(/--log-level/);
    expect(() => parseBenchArgs(['--brokers', '0'])).toThrow(/--brokers/);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(UsageError);
  });
});
