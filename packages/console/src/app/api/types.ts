/** The shapes of the HTTP contract (CONSOLE-API): what the console reads and sends. */

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export interface ConsoleConfig {
  services: {
    order: { api: string };
    inventory: { api: string | null };
    payment: { api: string | null };
  };
  /** Contains {traceId}. */
  traceUrlTemplate: string | null;
}

export type ServiceName = 'order' | 'inventory' | 'payment';
export const serviceNames: readonly ServiceName[] = ['order', 'inventory', 'payment'];

export interface OrderSummary {
  id: string;
  customerId: string;
  status: string;
  totalCents: number | null;
  failureReason: string | null;
  createdAt: string;
}

export interface OrderList {
  items: OrderSummary[];
  nextCursor: string | null;
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
  from: string | null;
  to: string;
  event: string;
  outcome: 'transitioned' | 'handled' | 'ignored';
  /** api | saga | deadline | operator:<sub> */
  actor: string;
  reason: string | null;
  messageId: string | null;
  messages: TimelineMessage[];
}

export interface OrderView {
  order: OrderSummary & { traceId: string | null; updatedAt: string };
  saga: {
    machineVersion: number;
    state: string;
    deadline: string | null;
    attempt: number;
    accepts: { event: string; deadline: string | null }[];
    compensationsPending: string[];
  };
  timeline: TimelineEntry[];
}

export interface SagaMachine {
  version: number;
  initial: string;
  states: { name: string; terminal: boolean; tags: string[] }[];
  transitions: { from: string; to: string; event: string }[];
}

export interface HandledMessage {
  messageId: string;
  consumerGroup: string;
  type: string | null;
  processedAt: string;
}

export interface PublishedMessage {
  messageId: string;
  type: string;
  topic: string;
  causationId: string | null;
  occurredAt: string;
  publishedAt: string;
}

export interface PendingMessage {
  messageId: string;
  type: string;
  topic: string;
  causationId: string | null;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
}

export interface ServiceMessages {
  service: string;
  handled: HandledMessage[];
  published: PublishedMessage[];
  pending: PendingMessage[];
}

export interface OutboxSummary {
  service: string;
  pending: number;
  retrying: number;
  oldestPendingAt: string | null;
  oldestPendingAgeMs: number | null;
  deadLetters: { unhandled: number };
}

export interface DeadLetterHandling {
  at: string;
  by: string | null;
  action: 'resolved' | 'replayed' | 'discarded' | null;
  reason: string | null;
}

export interface DeadLetterSummary {
  id: string;
  messageId: string | null;
  source: 'relay' | 'consumer';
  consumerGroup: string | null;
  topic: string;
  key: string | null;
  type: string | null;
  partition: number | null;
  offset: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
  hasEnvelope: boolean;
  handled: DeadLetterHandling | null;
}

export interface DeadLetterView extends DeadLetterSummary {
  envelope: unknown;
  raw: string | null;
  headers: Record<string, string>;
}

export interface DeadLetterList {
  items: DeadLetterSummary[];
  nextCursor: string | null;
}

export interface DeadLetterFilter {
  topic?: string;
  type?: string;
  source?: 'relay' | 'consumer';
  consumerGroup?: string;
}

export interface BulkResult {
  matched: number;
  handled: string[];
  refused: { id: string; problem: Problem }[];
}

export interface OperatorActionResult {
  id: string;
  from: string;
  to: string;
  outcome: string;
}

export type OperatorAction = 'retry' | 'compensate' | 'resolve';
