CREATE TABLE "payments" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"customer_id" text,
	"amount_cents" bigint NOT NULL,
	"refunded_cents" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_payment_id_unique" UNIQUE("payment_id"),
	CONSTRAINT "payments_status_known" CHECK ("payments"."status" in ('charged', 'failed', 'refunded', 'voided')),
	CONSTRAINT "payments_failure_reason_known" CHECK ("payments"."failure_reason" is null or "payments"."failure_reason" in ('insufficient_funds', 'wallet_not_found')),
	CONSTRAINT "payments_failed_has_reason" CHECK (("payments"."status" = 'failed') = ("payments"."failure_reason" is not null)),
	CONSTRAINT "payments_customer_known" CHECK ("payments"."status" = 'voided' or "payments"."customer_id" is not null),
	CONSTRAINT "payments_refund_within_amount" CHECK ("payments"."amount_cents" >= 0 and "payments"."refunded_cents" >= 0 and "payments"."refunded_cents" <= "payments"."amount_cents")
);
--> statement-breakpoint
CREATE TABLE "wallet_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_entries_order_kind_unique" UNIQUE("order_id","kind"),
	CONSTRAINT "wallet_entries_kind_known" CHECK ("wallet_entries"."kind" in ('debit', 'credit')),
	CONSTRAINT "wallet_entries_amount_not_negative" CHECK ("wallet_entries"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"balance_cents" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallets_balance_not_negative" CHECK ("wallets"."balance_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_customer_id_wallets_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."wallets"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wallet_entries_customer_at_idx" ON "wallet_entries" USING btree ("customer_id","at");