/** One table of one service at one moment. */
export interface TableSample {
  atS: number;
  service: string;
  table: string;
  rows: number;
  bytes: number;
}

export interface TableVerdict {
  service: string;
  table: string;
  /** Peaks over the first and the second half of the steady window. */
  firstPeak: { rows: number; bytes: number };
  secondPeak: { rows: number; bytes: number };
  maxRows: number;
  maxBytes: number;
  flat: boolean;
}

/** Growth from the first half's peak to the second half's that still counts as flat. */
export const flatGrowth = 1.25;
/** Below these a table is flat whatever its growth: a few pages, a few hundred rows. */
const floorRows = 500;
const floorBytes = 1024 * 1024;

const peak = (samples: readonly TableSample[]) => ({
  rows: Math.max(0, ...samples.map((sample) => sample.rows)),
  bytes: Math.max(0, ...samples.map((sample) => sample.bytes)),
});

/**
 * Whether each table stays flat once the steady state is reached (`steadyFromS`:
 * after the retention and a pruning interval have passed, the oldest rows go as
 * fast as new ones come): the peak of the second half of the steady window is at
 * most `flatGrowth` times the peak of the first half, in rows and in bytes.
 * Peaks, not means: a queue table (the outbox) holds dead rows until the relay's
 * vacuum, every `vacuumEveryRows` deletes, so its bytes rise and fall in a saw-tooth
 * whose period can be minutes long; its peak stops rising, a table that keeps
 * growing raises it (one growing at a steady rate from empty doubles it from one half to the next).
 */
export function tableVerdicts(samples: readonly TableSample[], steadyFromS: number): TableVerdict[] {
  const groups = new Map<string, TableSample[]>();
  for (const sample of samples) {
    const key = `${sample.service}/${sample.table}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  return [...groups.values()].map((group) => {
    const steady = group.filter((sample) => sample.atS >= steadyFromS).sort((a, b) => a.atS - b.atS);
    const half = Math.floor(steady.length / 2);
    const firstPeak = peak(steady.slice(0, half));
    const secondPeak = peak(steady.slice(half));
    const within = (later: number, earlier: number, floor: number) =>
      later <= floor || later <= earlier * flatGrowth;
    const { service, table } = group[0] as TableSample;
    return {
      service,
      table,
      firstPeak,
      secondPeak,
      maxRows: Math.max(...group.map((sample) => sample.rows)),
      maxBytes: Math.max(...group.map((sample) => sample.bytes)),
      flat:
        half >= 1 &&
        within(secondPeak.rows, firstPeak.rows, floorRows) &&
        within(secondPeak.bytes, firstPeak.bytes, floorBytes),
    };
  });
}
