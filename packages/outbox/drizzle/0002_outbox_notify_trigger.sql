-- Wakes the relays once per INSERT statement on the outbox, delivered at commit
-- (never for a rollback): enqueue() no longer spends a round trip on pg_notify.
-- The channel is OUTBOX_CHANNEL in src/enqueue/channel.ts.
CREATE OR REPLACE FUNCTION outbox_notify_relays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sagaflow_outbox', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER outbox_notify_relays AFTER INSERT ON "outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_relays();
