import type {
  OrderStatus as OrderStatusSchema,
  OrderView as OrderViewSchema,
  PlacedOrder as PlacedOrderSchema,
  PlaceOrderBody,
} from '@sagaflow/order';
import { parkedStates, terminalStates } from '@sagaflow/order';
import type { Static } from '@sinclair/typebox';

// The order service's shapes are its API schemas; the others, as the system sees them from outside.

export type OrderStatus = Static<typeof OrderStatusSchema>;

export const terminalStatuses: readonly OrderStatus[] = terminalStates;
/** A parked saga waits for an operator: it does not move on its own either. */
export const parkedStatuses: readonly OrderStatus[] = parkedStates;

export type OrderView = Static<typeof OrderViewSchema>;
export type Order = OrderView['order'];
export type TimelineEntry = OrderView['timeline'][number];
export type TimelineMessage = TimelineEntry['messages'][number];
/** The harness always names the customer: it is whose token places the order. */
export type PlaceOrder = Static<typeof PlaceOrderBody> & { customerId: string };
export type PlacedOrder = Static<typeof PlacedOrderSchema>;
export type OrderItem = PlaceOrder['items'][number];
export type PricedLine = NonNullable<Order['lines']>[number];

export type { Product } from '@sagaflow/inventory';

export interface Reservation {
  orderId: string;
  status: string;
  lines: unknown[];
}

export interface Wallet {
  customerId: string;
  balanceCents: number;
}

export type PaymentStatus = 'charged' | 'failed' | 'refunded' | 'voided';

export interface Payment {
  orderId: string;
  customerId: string;
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
  paymentId: string | null;
  failureReason: string | null;
}

export interface LedgerEntry {
  orderId: string;
  kind: 'debit' | 'credit';
  amountCents: number;
  at: string;
}
