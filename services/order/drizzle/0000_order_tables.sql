CREATE TABLE "message_publications" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_sagas" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"machine_version" integer NOT NULL,
	"state" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"deadline_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_status_transitions" (
	"order_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"event" text NOT NULL,
	"outcome" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"message_id" uuid,
	"messages" jsonb NOT NULL,
	CONSTRAINT "order_status_transitions_order_id_seq_pk" PRIMARY KEY("order_id","seq")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"items" jsonb NOT NULL,
	"lines" jsonb,
	"total_cents" bigint,
	"status" text NOT NULL,
	"failure_reason" text,
	"idempotency_key" text,
	"request_fingerprint" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orders_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "order_sagas" ADD CONSTRAINT "order_sagas_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_status_transitions" ADD CONSTRAINT "order_status_transitions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_sagas_deadline" ON "order_sagas" USING btree ("deadline_at") WHERE deadline_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_status_id" ON "orders" USING btree ("status","id");