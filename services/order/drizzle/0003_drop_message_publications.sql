-- Publication times now live in the outbox's outbox_published (its migration 0005,
-- run before the order service's own). The times already recorded move there, with
-- what the timeline knows of each message: its type and topic, the order as its
-- correlation id, the message that drove its step as its cause, and the step's time
-- as when it occurred.
INSERT INTO "outbox_published" ("message_id", "topic", "type", "correlation_id", "causation_id", "occurred_at", "published_at")
SELECT DISTINCT ON (p."message_id")
  p."message_id", m.message->>'topic', m.message->>'type', t."order_id"::text, t."message_id"::text, t."at", p."published_at"
FROM "order_status_transitions" t
CROSS JOIN LATERAL jsonb_array_elements(t."messages") AS m(message)
JOIN "message_publications" p ON p."message_id" = (m.message->>'id')::uuid
ORDER BY p."message_id", t."at"
ON CONFLICT ("message_id") DO NOTHING;
--> statement-breakpoint
DROP TABLE "message_publications" CASCADE;
