// The services' HTTP shapes, as the system sees them from outside.

export type OrderStatus =
  | 'reservingStock'
  | 'processingPayment'
  | 'confirmed'
  | 'compensating'
  | 'cancelled'
  | 'compensationFailed'
  | 'resolved';

export const terminalStatuses: readonly OrderStatus[] = ['confirmed', 'cancelled', 'resolved'];

export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface PricedLine extends OrderItem {
  unitPriceCents: number;
  [field: string]: unknown;
}

export interface Order {
  id: string;
  customerId: string;
  items: OrderItem[];
  lines: PricedLine[] | null;
  totalCents: number | null;
  status: OrderStatus;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineMessage {
  id: string;
  type: string;
  topic: string;
  publishedAt: string | null;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  /** null for the first entry: the saga did not exist before it. */
  from: string | null;
  to: string;
  event: string;
  outcome: 'transitioned' | 'ignored';
  actor: string;
  reason: string | null;
  messageId: string | null;
  messages: TimelineMessage[];
}

export interface OrderView {
  order: Order;
  saga: {
    machineVersion: number | string;
    state: string;
    accepts: { event: string; deadline: string | null }[];
  };
  timeline: TimelineEntry[];
}

export interface PlaceOrder {
  customerId: string;
  items: OrderItem[];
}

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  onHand: number;
  reserved: number;
  sold: number;
}

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
