-- Keep in step with outboxStorageSettingsSql in src/schema/storage-settings.ts (a test checks).
ALTER TABLE "outbox" SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_vacuum_cost_delay = 0
);
