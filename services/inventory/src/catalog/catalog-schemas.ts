import { Sku } from '@sagaflow/contracts';
import { type Static, Type } from '@sinclair/typebox';

/** A catalog entry as the API answers it and the store reads it. */
export const ProductSchema = Type.Object(
  {
    sku: Sku,
    name: Type.String(),
    priceCents: Type.Integer(),
    onHand: Type.Integer(),
    reserved: Type.Integer(),
    sold: Type.Integer(),
  },
  { additionalProperties: false },
);

export type Product = Static<typeof ProductSchema>;
