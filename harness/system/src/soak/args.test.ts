import { describe, expect, it } from 'vitest';
import { parseSoakArgs, SoakUsageError } from './args.js';

describe('parseSoakArgs', () => {
  it('has the defaults a 10-minute soak at 50 sagas/s needs', () => {
    expect(parseSoakArgs([])).toEqual({
      help: false,
      json: false,
      minutes: 10,
      rate: 50,
      retentionS: 60,
      pruneIntervalS: 10,
      sampleS: 15,
    });
  });

  it('reads every flag', () => {
    expect(
      parseSoakArgs(['--minutes', '1', '--rate', '20', '--retention-s', '15', '--sample-s', '5', '--json']),
    ).toMatchObject({ minutes: 1, rate: 20, retentionS: 15, sampleS: 5, json: true });
  });

  it('refuses a non-positive number and an unknown flag', () => {
    expect(() => parseSoakArgs(['--rate', '0'])).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(['--minutes', 'ten'])).toThrow(/--minutes must be a positive number/);
    expect(() => parseSoakArgs(['--speed', '3'])).toThrow(SoakUsageError);
  });
});
