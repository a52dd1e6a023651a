ALTER TABLE "wallet_entries" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_reference_unique" UNIQUE("reference");--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_one_cause" CHECK (("wallet_entries"."order_id" is null) <> ("wallet_entries"."reference" is null));--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_top_up_is_positive_credit" CHECK ("wallet_entries"."reference" is null or ("wallet_entries"."kind" = 'credit' and "wallet_entries"."amount_cents" > 0));