import type { ServiceName } from '../launcher/types.js';

export type SagaKind = 'happy' | 'out-of-stock' | 'insufficient-funds';

export type Fault =
  | { atMs: number; kind: 'kill'; service: ServiceName }
  | { atMs: number; kind: 'broker-outage'; durationMs: number }
  /** One broker of a cluster SIGKILLed, started again after `durationMs`; the others serve on. */
  | { atMs: number; kind: 'broker-kill'; nodeId: number; durationMs: number }
  | { atMs: number; kind: 'relay-kill'; service: ServiceName };

export interface FaultPlanOptions {
  /** Faults happen within [0, windowMs). */
  windowMs: number;
  services: readonly ServiceName[];
  killsPerService: number;
  outages: number;
  /** Single brokers killed (on a cluster of three or more; 0 on one broker). */
  brokerKills?: number;
  /** Node ids 1…brokerCount. */
  brokerCount?: number;
  random: () => number;
}

/** A small seeded generator (mulberry32): the same seed gives both modes the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 70% happy, 15% out of stock, 15% insufficient funds, shuffled. */
export function planSagas(count: number, random: () => number): SagaKind[] {
  const outOfStock = Math.round(count * 0.15);
  const insufficientFunds = Math.round(count * 0.15);
  const kinds: SagaKind[] = [
    ...Array<SagaKind>(outOfStock).fill('out-of-stock'),
    ...Array<SagaKind>(insufficientFunds).fill('insufficient-funds'),
    ...Array<SagaKind>(Math.max(0, count - outOfStock - insufficientFunds)).fill('happy'),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as SagaKind, kinds[i] as SagaKind];
  }
  return kinds;
}

/**
 * Every service is killed `killsPerService` times, once per equal slice of the
 * window at a random moment in it, so kills spread over the whole run. Each broker
 * outage lasts 3–5 s and has one of the kills moved inside it: a process dying
 * while its sends are stuck is the case a dual write cannot survive. One relay is
 * killed mid-batch, away from the outages (a batch must be flowing to be interrupted).
 */
export function planFaults(options: FaultPlanOptions): Fault[] {
  const { windowMs, services, killsPerService, outages, random } = options;
  const between = (from: number, to: number) => Math.round(from + random() * (to - from));
  const faults: Fault[] = [];
  const outageWindows: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < outages; i++) {
    const slice = windowMs / outages;
    const durationMs = between(3000, 5000);
    const atMs = between(i * slice + 0.15 * slice, (i + 1) * slice - durationMs - 0.1 * slice);
    outageWindows.push({ from: atMs, to: atMs + durationMs });
    faults.push({ atMs, kind: 'broker-outage', durationMs });
  }
  const kills: Array<Extract<Fault, { kind: 'kill' }>> = [];
  for (const service of services) {
    const slice = windowMs / killsPerService;
    for (let i = 0; i < killsPerService; i++) {
      kills.push({
        atMs: between(i * slice + 0.05 * slice, (i + 1) * slice - 0.05 * slice),
        kind: 'kill',
        service,
      });
    }
  }
  outageWindows.forEach((outage, i) => {
    const candidates = kills.filter((kill) => Math.abs(kill.atMs - outage.from) < windowMs / killsPerService);
    const moved = candidates[Math.floor(random() * candidates.length)] ?? kills[i];
    if (moved) moved.atMs = between(outage.from + 1000, outage.to - 500);
  });
  faults.push(...kills);
  const clear = (at: number) =>
    outageWindows.every((outage) => at < outage.from - 2000 || at > outage.to + 3000);
  let relayKillAt = between(0.2 * windowMs, 0.8 * windowMs);
  for (let tries = 0; tries < 50 && !clear(relayKillAt); tries++) {
    relayKillAt = between(0.1 * windowMs, 0.9 * windowMs);
  }
  faults.push({ atMs: relayKillAt, kind: 'relay-kill', service: 'order' });
  faults.push(...planBrokerKills(options, outageWindows, between));
  return faults.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Each single-broker kill lasts 5–10 s, once per equal slice of the window, kept
 * clear of the full outages: a node that is already down cannot be killed.
 */
function planBrokerKills(
  options: FaultPlanOptions,
  outages: ReadonlyArray<{ from: number; to: number }>,
  between: (from: number, to: number) => number,
): Fault[] {
  const count = options.brokerKills ?? 0;
  const brokers = options.brokerCount ?? 1;
  if (count === 0) return [];
  if (brokers < 3) throw new Error(`single broker kills need a cluster of three or more, not ${brokers}`);
  const slice = options.windowMs / count;
  const kills: Fault[] = [];
  for (let i = 0; i < count; i++) {
    const durationMs = between(5000, 10_000);
    const overlaps = (at: number) =>
      outages.some((outage) => at < outage.to + 2000 && at + durationMs > outage.from - 2000);
    let atMs = between(i * slice, (i + 1) * slice - durationMs);
    for (let tries = 0; tries < 50 && overlaps(atMs); tries++) {
      atMs = between(i * slice, Math.max(i * slice, (i + 1) * slice - durationMs));
    }
    kills.push({ atMs, kind: 'broker-kill', nodeId: 1 + Math.floor(options.random() * brokers), durationMs });
  }
  return kills;
}
