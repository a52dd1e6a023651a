import { describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { parseChaosArgs } from './chaos-args.js';

describe('parseChaosArgs', () => {
  it('defaults to 1,000 sagas at 20/s on the outbox', () => {
    expect(parseChaosArgs([])).toMatchObject({
      mode: 'outbox',
      sagas: 1000,
      rate: 20,
      seed: 1,
      json: false,
      brokers: 1,
      instances: 1,
    });
  });

  it('reads every flag', () => {
    expect(
      parseChaosArgs([
        '--mode',
        'both',
        '--sagas',
        '200',
        '--rate',
        '10',
        '--seed',
        '7',
        '--json',
        '--min-fault-window-s',
        '30',
        '--brokers',
        '3',
        '--instances',
        '2',
      ]),
    ).toMatchObject({
      mode: 'both',
      sagas: 200,
      rate: 10,
      seed: 7,
      json: true,
      minFaultWindowS: 30,
      brokers: 3,
      instances: 2,
    });
  });

  it('refuses an unknown mode, a bad number and an unknown flag', () => {
    expect(() => parseChaosArgs(['--mode', 'yolo'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--sagas', '0'])).toThrow(/--sagas must be an integer from 1/);
    expect(() => parseChaosArgs(['--rate', '2.5'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--kill-everything'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--instances', '5'])).toThrow(/--instances must be an integer from 1 to 4/);
  });
});
