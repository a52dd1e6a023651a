/** One sample of a scrape: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** Metric families by name, as their `# TYPE` lines declare them: counter, gauge, histogram… */
  types: Map<string, string>;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const unescapeLabel = (value: string) =>
  value.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));

/** Reads Prometheus's text exposition format (version 0.0.4), as a test needs it. */
export function parseExposition(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = line.match(/^# TYPE (\S+) (\S+)$/);
    if (type?.[1] !== undefined && type[2] !== undefined) types.set(type[1], type[2]);
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = line.match(sampleLine);
    if (match?.[1] === undefined || match[3] === undefined) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(labelPair)) {
      if (name !== undefined && value !== undefined) labels[name] = unescapeLabel(value);
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { samples, types };
}

/** The sum of the samples named `name` whose labels include `labels`; 0 when there are none. */
export function sampleSum(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scrape.samples
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

const histogramSuffixes = ['_bucket', '_sum', '_count'];

/**
 * Whether the scrape declares the metric a query names: a family of that name,
 * or a histogram whose series it is (`…_bucket`, `…_sum`, `…_count`). A family
 * declared without samples yet (a labelled counter nothing has counted) exists.
 */
export function declares(scrape: Scrape, name: string): boolean {
  if (scrape.types.has(name)) return true;
  return histogramSuffixes.some(
    (suffix) => name.endsWith(suffix) && scrape.types.get(name.slice(0, -suffix.length)) === 'histogram',
  );
}
