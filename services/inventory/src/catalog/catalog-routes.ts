import { Sku } from '@sagaflow/contracts';
import {
  bodyProblems,
  everyRouteProblems,
  type HttpServer,
  ProblemError,
  problemAnswers,
} from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import type { InventoryDatabase } from '../db/database.js';
import { ProductSchema } from './catalog-schemas.js';
import { findProduct, listProducts, upsertProduct } from './catalog-store.js';

/**
 * The highest unit price the catalog takes: at most 100 lines of at most 10,000
 * units each, so no order total can exceed the contracts' Cents maximum (10^12).
 */
export const maxUnitPriceCents = 1_000_000;
/** Within a Postgres integer, with room for what is reserved and sold besides. */
export const maxOnHand = 100_000_000;

const SkuParams = Type.Object({ sku: Sku }, { additionalProperties: false });

const ProductBody = Type.Object(
  {
    // The name travels in StockReserved lines, whose contract allows at most 200 characters.
    name: Type.String({ minLength: 1, maxLength: 200 }),
    priceCents: Type.Integer({ minimum: 0, maximum: maxUnitPriceCents }),
    onHand: Type.Integer({ minimum: 0, maximum: maxOnHand }),
  },
  { additionalProperties: false },
);

export async function catalogRoutes(app: HttpServer, { db }: { db: InventoryDatabase }): Promise<void> {
  app.put(
    '/catalog/:sku',
    {
      config: { access: ['operator'] },
      schema: {
        params: SkuParams,
        body: ProductBody,
        response: { 200: ProductSchema, ...problemAnswers(414), ...bodyProblems },
      },
    },
    async (request) => upsertProduct(db, { sku: request.params.sku, ...request.body }),
  );

  // Customers read the catalog to know what to order; only operators change it.
  app.get(
    '/catalog',
    {
      config: { access: ['customer', 'operator'] },
      schema: { response: { 200: Type.Array(ProductSchema), ...everyRouteProblems } },
    },
    async () => listProducts(db),
  );

  app.get(
    '/catalog/:sku',
    {
      config: { access: ['customer', 'operator'] },
      schema: {
        params: SkuParams,
        response: { 200: ProductSchema, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const product = await findProduct(db, request.params.sku);
      if (product === undefined) {
        throw new ProblemError(404, 'Unknown product', `No product with sku ${request.params.sku}`);
      }
      return product;
    },
  );
}
