/** A unique, lowercase name per call, so test files can share one cluster and one Postgres. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
}
