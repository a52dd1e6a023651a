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

  it('kills single brokers of a cluster, clear of the full outages, and none of a lone broker', () => {
    const windowMs = 60_000;
    for (const seed of [1, 2, 3, 42]) {
      const faults = planFaults({
        windowMs,
        services,
        killsPerService: 3,
        outages: 2,
        brokerKills: 2,
        brokerCount: 3,
        random: seededRandom(seed),
      });
      const kills = faults.filter((f) => f.kind === 'broker-kill');
      expect(kills).toHaveLength(2);
      for (const kill of kills) {
        expect(kill.nodeId).toBeGreaterThanOrEqual(1);
        expect(kill.nodeId).toBeLessThanOrEqual(3);
        expect(kill.durationMs).toBeGreaterThanOrEqual(5000);
        expect(kill.durationMs).toBeLessThanOrEqual(10_000);
        for (const outage of faults.filter((f) => f.kind === 'broker-outage')) {
          const apart =
            kill.atMs + kill.durationMs < outage.atMs || kill.atMs > outage.atMs + outage.durationMs;
          expect(apart, `seed ${seed}: kill at ${kill.atMs} meets the outage at ${outage.atMs}`).toBe(true);
        }
      }
    }
    const lone = planFaults({ windowMs, services, killsPerService: 3, outages: 2, random: seededRandom(1) });
    expect(lone.filter((f) => f.kind === 'broker-kill')).toEqual([]);
    expect(() =>
      planFaults({
        windowMs,
        services,
        killsPerService: 3,
        outages: 2,
        brokerKills: 1,
        brokerCount: 1,
        random: Math.random,
      }),
    ).toThrow(/cluster of three/);
  });
});
