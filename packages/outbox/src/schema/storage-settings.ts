/**
 * The outbox churns: every row is inserted once and deleted within milliseconds.
 * Default autovacuum waits for 20% of the table to be dead, which on a small hot
 * table means long runs of dead tuples that every claim query must step over.
 * Vacuum it after a fixed number of deletes instead. Services that include the
 * outbox tables in their own schema add this statement to a custom migration.
 */
export const outboxStorageSettingsSql = `ALTER TABLE "outbox" SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_vacuum_cost_delay = 0
);`;
