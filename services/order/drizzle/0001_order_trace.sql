ALTER TABLE "orders" ADD COLUMN "trace_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "traceparent" text;