import { describe, expect, it } from 'vitest';
import { parseLauncherLine } from './launcher-line.js';

describe('parseLauncherLine', () => {
  it('reads the brokers and the control port', () => {
    expect(
      parseLauncherLine('bootstrap 127.0.0.1:41319,127.0.0.1:34083 control 43871 librdkafka 2.0.2\n'),
    ).toEqual({
      brokers: ['127.0.0.1:41319', '127.0.0.1:34083'],
      controlPort: 43871,
      version: '2.0.2',
    });
  });

  it('accepts a single broker', () => {
    expect(parseLauncherLine('bootstrap localhost:9092 control 1 librdkafka 2.3.0').brokers).toEqual([
      'localhost:9092',
    ]);
  });

  it.each([
    '',
    'kafka-mock: could not create the mock cluster',
    'bootstrap  control 4000',
    'bootstrap 127.0.0.1:1 control',
    'bootstrap 127.0.0.1:1 control 70000',
    'bootstrap nonsense control 4000 librdkafka 2.0.2',
    'bootstrap 127.0.0.1:1 control 4000',
  ])('rejects %j', (line) => {
    expect(() => parseLauncherLine(line)).toThrow(/unexpected first line/);
  });
});
