import type { ScenarioResult } from '../scenarios/types.js';

export interface JsonSummary {
  scenarios: { name: string; orderId: string | null; expected: string; actual: string; ok: boolean }[];
  ok: boolean;
}

/** The `--json` line: only these keys, in this order. */
export function jsonSummary(results: readonly ScenarioResult[]): JsonSummary {
  return {
    scenarios: results.map(({ name, orderId, expected, actual, ok }) => ({
      name,
      orderId,
      expected,
      actual,
      ok,
    })),
    ok: results.length > 0 && results.every((result) => result.ok),
  };
}

export function formatResult(result: ScenarioResult): string[] {
  const lines = [`${result.ok ? 'ok' : 'FAILED'}: ${result.name}`];
  if (!result.ok) {
    lines.push(`  expected: ${result.expected}`, `  actual:   ${result.actual}`);
    for (const mismatch of result.mismatches) lines.push(`  - ${mismatch}`);
  }
  return lines;
}
