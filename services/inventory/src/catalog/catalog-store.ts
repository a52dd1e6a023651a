import { asc, eq, sql } from 'drizzle-orm';
import type { InventoryDatabase } from '../db/database.js';
import { products } from '../db/schema.js';

import type { Product } from './catalog-schemas.js';

const productColumns = {
  sku: products.sku,
  name: products.name,
  priceCents: products.priceCents,
  onHand: products.onHand,
  reserved: products.reserved,
  sold: products.sold,
};

/** Creates the product or updates it; on_hand is set, not added to. Reserved and sold stay. */
export async function upsertProduct(
  db: InventoryDatabase,
  product: Pick<Product, 'sku' | 'name' | 'priceCents' | 'onHand'>,
): Promise<Product> {
  const [row] = await db
    .insert(products)
    .values(product)
    .onConflictDoUpdate({
      target: products.sku,
      set: {
        name: product.name,
        priceCents: product.priceCents,
        onHand: product.onHand,
        updatedAt: sql`now()`,
      },
    })
    .returning(productColumns);
  if (row === undefined) throw new Error(`upsert of product ${product.sku} returned no row`);
  return row;
}

export async function listProducts(db: InventoryDatabase): Promise<Product[]> {
  return db.select(productColumns).from(products).orderBy(asc(products.sku));
}

export async function findProduct(db: InventoryDatabase, sku: string): Promise<Product | undefined> {
  const [row] = await db.select(productColumns).from(products).where(eq(products.sku, sku));
  return row;
}
