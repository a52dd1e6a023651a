import { describe, expect, it } from 'vitest';
import { dateTime, formatCents, formatCountdown, formatDuration, isOverdue, timeOfDay } from './format.js';

describe('formatDuration', () => {
  it('shows hours, minutes and seconds as far as needed', () => {
    expect(formatDuration(3_725_000)).toBe('1h 02m 05s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(4_999)).toBe('4s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-5_000)).toBe('0s');
  });
});

describe('formatCountdown', () => {
  const deadline = '2026-12-01T12:01:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts down to a deadline ahead', () => {
    expect(formatCountdown(deadline, at('2026-12-01T12:00:00.000Z'))).toBe('in 1m 00s');
    expect(formatCountdown(deadline, at('2026-12-01T12:00:59.500Z'))).toBe('in 0s');
  });

  it('says by how much a passed deadline is overdue', () => {
    expect(formatCountdown(deadline, at('2026-12-01T12:01:00.000Z'))).toBe('overdue by 0s');
    expect(formatCountdown(deadline, at('2026-12-01T12:01:12.300Z'))).toBe('overdue by 12s');
    expect(isOverdue(deadline, at('2026-12-01T12:01:00.000Z'))).toBe(true);
    expect(isOverdue(deadline, at('2026-12-01T12:00:00.000Z'))).toBe(false);
  });

  it('does not pretend to know a deadline it cannot read', () => {
    expect(formatCountdown('soon', 0)).toBe('unknown deadline');
  });
});

describe('times and money', () => {
  it('formats instants in UTC and cents as units', () => {
    expect(timeOfDay('2026-12-01T12:00:00.160Z')).toBe('12:00:00.160');
    expect(dateTime('2026-12-01T12:00:00.160Z')).toBe('2026-12-01 12:00:00 UTC');
    expect(formatCents(2500)).toBe('25.00');
    expect(formatCents(null)).toBe('—');
  });
});
