import type { Shortfall } from '@sagaflow/contracts';
import type { Static } from '@sinclair/typebox';
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The catalog and its stock. A unit is always in exactly one of three places, so
 * per sku the stock ever put on hand equals on_hand + reserved + sold.
 */
export const products = pgTable(
  'products',
  {
    sku: text('sku').primaryKey(),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull().default(0),
    sold: integer('sold').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    // The last line of defence against overselling, should a code path ever skip the row lock.
    check('products_on_hand_not_negative', sql`${table.onHand} >= 0`),
    check('products_reserved_not_negative', sql`${table.reserved} >= 0`),
    check('products_sold_not_negative', sql`${table.sold} >= 0`),
    check('products_price_not_negative', sql`${table.priceCents} >= 0`),
  ],
);

export const reservationStatuses = ['reserved', 'released', 'committed', 'failed'] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

export type StoredShortfall = Static<typeof Shortfall>;

/**
 * One row per order that inventory has ever heard of: the reservation's outcome,
 * or a `released` tombstone for an order released before it reserved anything.
 */
export const reservations = pgTable(
  'reservations',
  {
    orderId: text('order_id').primaryKey(),
    status: text('status', { enum: reservationStatuses }).notNull(),
    /** Why a `failed` reservation failed, kept so a retried ReserveStock gets the same answer. */
    shortfalls: jsonb('shortfalls').$type<StoredShortfall[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    check(
      'reservations_status_known',
      sql`${table.status} in ('reserved', 'released', 'committed', 'failed')`,
    ),
  ],
);

/** What an order holds (or held), priced when it reserved, so a replayed reply is identical. */
export const reservationLines = pgTable(
  'reservation_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => reservations.orderId),
    sku: text('sku')
      .notNull()
      .references(() => products.sku),
    /** Where the line stood in the request, so a repeated reply lists the lines in the same order. */
    lineNumber: integer('line_number').notNull(),
    /** The catalog name at reservation time: part of the StockReserved reply a retry repeats. */
    productName: text('product_name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.sku] }),
    check('reservation_lines_quantity_positive', sql`${table.quantity} > 0`),
    check('reservation_lines_price_not_negative', sql`${table.unitPriceCents} >= 0`),
  ],
);

export const inventorySchema = { products, reservations, reservationLines };
export type InventorySchema = typeof inventorySchema;
