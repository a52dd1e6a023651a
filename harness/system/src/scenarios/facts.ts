/** What a scenario observed, as named values; the same keys describe what it expects. */
export type Facts = Record<string, string | number | boolean | null>;

export interface Verdict {
  expected: string;
  actual: string;
  ok: boolean;
  /** `key: expected X, got Y` for every difference. */
  mismatches: string[];
}

export function describeFacts(facts: Facts, keys: readonly string[] = Object.keys(facts)): string {
  return keys
    .map((key) => `${key}=${facts[key] === undefined ? '(missing)' : String(facts[key])}`)
    .join(', ');
}

/** Compares on the expected keys only, in their order, so both strings line up. */
export function judge(expected: Facts, actual: Facts): Verdict {
  const keys = Object.keys(expected);
  const mismatches = keys
    .filter((key) => expected[key] !== actual[key])
    .map((key) => `${key}: expected ${String(expected[key])}, got ${String(actual[key] ?? '(missing)')}`);
  return {
    expected: describeFacts(expected, keys),
    actual: describeFacts(actual, keys),
    ok: mismatches.length === 0,
    mismatches,
  };
}
