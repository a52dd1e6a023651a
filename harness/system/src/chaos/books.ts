import type { ServiceName } from '../launcher/types.js';
import type { SagaKind } from './plan.js';

/** What the three databases and the broker hold once the run is quiet. */
export interface Books {
  orders: Array<{ id: string; status: string; customerId: string; totalCents: number | null }>;
  /** The last reason recorded on each parked saga's timeline. */
  parkedReasons: Map<string, string | null>;
  /** Order ids `GET /admin/sagas/parked` lists. */
  parkedListed: Set<string>;
  reservations: Array<{ orderId: string; status: string }>;
  reservationLines: Array<{ orderId: string; sku: string; quantity: number }>;
  products: Array<{ sku: string; onHand: number; reserved: number; sold: number }>;
  wallets: Array<{ customerId: string; balanceCents: number }>;
  /** Every ledger line; a top-up has no order. */
  walletEntries: Array<{
    orderId: string | null;
    customerId: string;
    kind: 'debit' | 'credit';
    amountCents: number;
  }>;
  outboxRows: Record<ServiceName, number>;
  deadLetters: Array<{
    service: ServiceName;
    topic: string;
    key: string | null;
    type: string | null;
    reason: string;
  }>;
  /** Every message the order service's transitions say they wrote. */
  writtenByOrder: Array<{ id: string; type: string; orderId: string }>;
  /** Messages found on the topics, by id, read to their end after the run. */
  onTheBroker: Map<string, { type: string; causationId: string | null }>;
  /** Message ids in the inventory and payment inboxes: the commands they handled. */
  handledByParticipants: Array<{ service: 'inventory' | 'payment'; messageId: string }>;
}

export interface SubmittedSaga {
  index: number;
  kind: SagaKind;
  /** Null when the order service never accepted the request. */
  orderId: string | null;
}

export interface Expectations {
  sagas: readonly SubmittedSaga[];
  initialStock: ReadonlyMap<string, number>;
  /** What the run credited each wallet it seeded (a wallet's initial balance is 0). */
  seededCredits: ReadonlyMap<string, number>;
  /** Keys of the poison records the run injected: their dead letters are explained. */
  injectedPoisonKeys: ReadonlySet<string>;
}
