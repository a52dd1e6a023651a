CREATE TABLE "products" (
	"sku" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"price_cents" integer NOT NULL,
	"on_hand" integer NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_on_hand_not_negative" CHECK ("products"."on_hand" >= 0),
	CONSTRAINT "products_reserved_not_negative" CHECK ("products"."reserved" >= 0),
	CONSTRAINT "products_sold_not_negative" CHECK ("products"."sold" >= 0),
	CONSTRAINT "products_price_not_negative" CHECK ("products"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reservation_lines" (
	"order_id" text NOT NULL,
	"sku" text NOT NULL,
	"line_number" integer NOT NULL,
	"product_name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" integer NOT NULL,
	CONSTRAINT "reservation_lines_order_id_sku_pk" PRIMARY KEY("order_id","sku"),
	CONSTRAINT "reservation_lines_quantity_positive" CHECK ("reservation_lines"."quantity" > 0),
	CONSTRAINT "reservation_lines_price_not_negative" CHECK ("reservation_lines"."unit_price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"order_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"shortfalls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_status_known" CHECK ("reservations"."status" in ('reserved', 'released', 'committed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_order_id_reservations_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."reservations"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;