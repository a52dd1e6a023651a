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
  /** Means over the first and the second half of the steady window. */
  firstHalf: { rows: number; bytes: number };
  secondHalf: { rows: number; bytes: number };
  maxRows: number;
  maxBytes: number;
  flat: boolean;
}

/** Growth from the first half of the steady window to the second that still counts as flat. */
export const flatGrowth = 1.25;
/** Below these a table is flat whatever its growth: a few pages, a few hundred rows. */
const floorRows = 500;
const floorBytes = 1024 * 1024;

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Whether each table stays flat once the steady state is reached (`steadyFromS`:
 * after the retention and a pruning interval have passed, the oldest rows go as
 * fast as new ones come): the second half of the steady window holds at most
 * `flatGrowth` times the rows and bytes of the first. A table that only grows fails.
 */
export function tableVerdicts(samples: readonly TableSample[], steadyFromS: number): TableVerdict[] {
  const groups = new Map<string, TableSample[]>();
  for (const sample of samples) {
    const key = `${sample.service}/${sample.table}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  return [...groups.values()].map((group) => {
    const steady = group.filter((sample) => sample.atS >= steadyFromS).sort((a, b) => a.atS - b.atS);
    const middle = Math.floor(steady.length / 2);
    const halves = [steady.slice(0, middle), steady.slice(middle)].map((half) => ({
      rows: Math.round(mean(half.map((sample) => sample.rows))),
      bytes: Math.round(mean(half.map((sample) => sample.bytes))),
    }));
    const [firstHalf, secondHalf] = halves as [TableVerdict['firstHalf'], TableVerdict['firstHalf']];
    const within = (second: number, first: number, floor: number) =>
      second <= floor || second <= first * flatGrowth;
    const { service, table } = group[0] as TableSample;
    return {
      service,
      table,
      firstHalf,
      secondHalf,
      maxRows: Math.max(...group.map((sample) => sample.rows)),
      maxBytes: Math.max(...group.map((sample) => sample.bytes)),
      flat:
        steady.length >= 2 &&
        within(secondHalf.rows, firstHalf.rows, floorRows) &&
        within(secondHalf.bytes, firstHalf.bytes, floorBytes),
    };
  });
}
