ALTER TABLE "outbox_dead_letters" ADD COLUMN "handled_by" text;--> statement-breakpoint
ALTER TABLE "outbox_dead_letters" ADD COLUMN "handled_action" text;--> statement-breakpoint
ALTER TABLE "outbox_dead_letters" ADD COLUMN "handled_reason" text;