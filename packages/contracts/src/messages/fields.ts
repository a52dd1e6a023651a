import { Type } from '@sinclair/typebox';

const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const OrderId = Type.String({
  pattern: uuidPattern,
  description: 'The order id; also the saga id and the Kafka key.',
});
export const CustomerId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
});
export const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
/** Quantities and money are integers: money in cents, so sums are exact. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 10_000 });
export const Cents = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
export const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const maxOrderLines = 100;

export const RequestedLine = Type.Object({ sku: Sku, quantity: Quantity }, { additionalProperties: false });

export const PricedLine = Type.Object(
  {
    sku: Sku,
    name: Type.String({ maxLength: 200 }),
    quantity: Quantity,
    unitPriceCents: Cents,
    lineTotalCents: Cents,
  },
  { additionalProperties: false },
);
