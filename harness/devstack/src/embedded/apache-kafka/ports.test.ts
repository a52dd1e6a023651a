import { describe, expect, it } from 'vitest';
import { brokerPortRange, ephemeralRange, freeBrokerPorts } from './ports.js';

describe('ephemeralRange', () => {
  it("reads Linux's range and falls back to its default", () => {
    expect(ephemeralRange(() => '32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(ephemeralRange(() => 'garbage')).toEqual({ low: 32768, high: 60999 });
    expect(
      ephemeralRange(() => {
        throw new Error('ENOENT');
      }),
    ).toEqual({ low: 32768, high: 60999 });
  });
});

describe('brokerPortRange', () => {
  it('stays below the ephemeral range when there is room, else above it', () => {
    expect(brokerPortRange({ low: 32768, high: 60999 })).toEqual({ low: 10_000, high: 32767 });
    expect(brokerPortRange({ low: 15000, high: 40000 })).toEqual({ low: 40001, high: 65535 });
  });
});

describe('freeBrokerPorts', () => {
  it('draws distinct ports outside the ephemeral range', async () => {
    const range = brokerPortRange(ephemeralRange());
    const ports = await freeBrokerPorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(range.low);
      expect(port).toBeLessThanOrEqual(range.high);
    }
  });
});
