export interface RelayMetricsSnapshot {
  published: number;
  refused: number;
  deadLettered: number;
  outages: number;
  /** Messages acknowledged per second over the last ten seconds. */
  publishedPerSecond: number;
}

const windowMs = 10_000;

export class RelayCounters {
  private totals = { published: 0, refused: 0, deadLettered: 0, outages: 0 };
  private recent: Array<{ at: number; count: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  published(count: number): void {
    this.totals.published += count;
    this.recent.push({ at: this.now(), count });
    this.trim();
  }

  refused(): void {
    this.totals.refused += 1;
  }

  deadLettered(): void {
    this.totals.deadLettered += 1;
  }

  outage(): void {
    this.totals.outages += 1;
  }

  snapshot(): RelayMetricsSnapshot {
    this.trim();
    const inWindow = this.recent.reduce((sum, entry) => sum + entry.count, 0);
    return { ...this.totals, publishedPerSecond: inWindow / (windowMs / 1000) };
  }

  private trim(): void {
    const cutoff = this.now() - windowMs;
    while (this.recent.length > 0 && (this.recent[0]?.at ?? 0) < cutoff) this.recent.shift();
  }
}
