/** Durations and deadlines as an operator reads them; `now` is passed in, so these stay pure. */

/** 3_725_000 → '1h 02m 05s'; 65_000 → '1m 05s'; 4_200 → '4s'. Whole seconds, rounded down. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** A deadline as a countdown: 'in 1m 05s', or 'overdue by 12s' once it has passed. */
export function formatCountdown(deadline: string, now: number): string {
  const left = Date.parse(deadline) - now;
  if (Number.isNaN(left)) return 'unknown deadline';
  return left > 0 ? `in ${formatDuration(left)}` : `overdue by ${formatDuration(-left)}`;
}

export function isOverdue(deadline: string, now: number): boolean {
  return Date.parse(deadline) <= now;
}

/** '2026-12-01T12:00:00.160Z' → '12:00:00.160', the UTC time of day; a saga's steps are milliseconds apart. */
export function timeOfDay(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : date.toISOString().slice(11, 23);
}

/** '2026-12-01T12:00:00.160Z' → '2026-12-01 12:00:00 UTC'. */
export function dateTime(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatCents(cents: number | null): string {
  return cents === null ? '—' : (cents / 100).toFixed(2);
}
