import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../scenarios/types.js';
import { formatResult, jsonSummary } from './summary.js';

const result = (name: ScenarioResult['name'], ok: boolean): ScenarioResult => ({
  name,
  orderId: 'id',
  expected: 'status=confirmed',
  actual: ok ? 'status=confirmed' : 'status=cancelled',
  ok,
  mismatches: ok ? [] : ['status: expected confirmed, got cancelled'],
  view: null,
  error: null,
});

describe('jsonSummary', () => {
  it('has exactly the documented keys, and is ok only when every scenario is', () => {
    expect(JSON.stringify(jsonSummary([result('happy-path', true)]))).toBe(
      '{"scenarios":[{"name":"happy-path","orderId":"id","expected":"status=confirmed","actual":"status=confirmed","ok":true}],"ok":true}',
    );
    expect(jsonSummary([result('happy-path', true), result('out-of-stock', false)]).ok).toBe(false);
    expect(jsonSummary([]).ok).toBe(false);
  });

  it('prints expected, actual and each mismatch for a failure', () => {
    expect(formatResult(result('out-of-stock', false))).toEqual([
      'FAILED: out-of-stock',
      '  expected: status=confirmed',
      '  actual:   status=cancelled',
      '  - status: expected confirmed, got cancelled',
    ]);
  });
});
