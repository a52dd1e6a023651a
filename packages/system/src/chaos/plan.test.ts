import { describe, expect, it } from 'vitest';
import { planFaults, planSagas, seededRandom } from './plan.js';

const services = ['inventory', 'payment', 'order'] as const;

describe('planSagas', () => {
  it('mixes 70% happy, 15% out of stock and 15% insufficient funds', () => {
    const kinds = planSagas(1000, seededRandom(1));
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect([count('happy'), count('out-of-stock'), count('insufficient-funds')]).toEqual([700, 150, 150]);
    expect(kinds.slice(0, 50)).not.toEqual(Array(50).fill(kinds[0]));
  });

  it('is the same for the same seed', () => {
    expect(planSagas(200, seededRandom(7))).toEqual(planSagas(200, seededRandom(7)));
  });
});

describe('planFaults', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`kills each service 3 times, takes the broker down twice for 3–5 s, kills a relay (seed ${seed})`, () => {
      const windowMs = 60_000;
      const faults = planFaults({
        windowMs,
        services,
        killsPerService: 3,
        outages: 2,
        random: seededRandom(seed),
      });
      for (const service of services) {
        expect(faults.filter((f) => f.kind === 'kill' && f.service === service)).toHaveLength(3);
      }
      const outages = faults.filter((f) => f.kind === 'broker-outage');
      expect(outages).toHaveLength(2);
      for (const outage of outages) {
        expect(outage.durationMs).toBeGreaterThanOrEqual(3000);
        expect(outage.durationMs).toBeLessThanOrEqual(5000);
        const inside = faults.filter(
          (f) => f.kind === 'kill' && f.atMs > outage.atMs && f.atMs < outage.atMs + outage.durationMs,
        );
        expect(inside.length).toBeGreaterThanOrEqual(1);
      }
      const [first, second] = outages as [(typeof outages)[0], (typeof outages)[0]];
      expect(first.atMs + first.durationMs).toBeLessThan(second.atMs);
      expect(faults.filter((f) => f.kind === 'relay-kill')).toHaveLength(1);
      expect(faults.every((f) => f.atMs >= 0 && f.atMs < windowMs)).toBe(true);
      expect(faults.map((f) => f.atMs)).toEqual([...faults.map((f) => f.atMs)].sort((a, b) => a - b));
    });
  }
});
