import {
  CommitStock,
  type MessageContract,
  orderAggregateType,
  ProcessPayment,
  StockReleased,
  type TopicName,
  topics,
} from '@sagaflow/contracts';
import { buildEnvelope, type Envelope } from '@sagaflow/outbox';
import type { IHeaders } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/** A record no sagaflow relay writes, and the dead-letter reason it must get. */
export interface Poison {
  kind: string;
  key: string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
  reason: string | RegExp;
}

/** A consumed topic, the service that consumes it, and a valid message to spoil. */
export interface Target {
  topic: TopicName;
  service: 'inventory' | 'payment' | 'order';
  contract: MessageContract;
  payload: (orderId: string) => Record<string, unknown>;
}

// order.events is left out: no sagaflow service consumes it, so nothing of ours
// reads or dead-letters what is written there.
export const targets: readonly Target[] = [
  {
    topic: topics.inventoryCommands,
    service: 'inventory',
    contract: CommitStock,
    payload: (orderId) => ({ orderId }),
  },
  {
    topic: topics.paymentCommands,
    service: 'payment',
    contract: ProcessPayment,
    payload: (orderId) => ({ orderId, customerId: 'poison', amountCents: 1 }),
  },
  {
    topic: topics.orderSagaReplies,
    service: 'order',
    contract: StockReleased,
    payload: (orderId) => ({ orderId, lines: [] }),
  },
];

/** A valid message for `target`, as its peers' relays publish it: each poison spoils one thing of it. */
export function envelopeOf(target: Target, orderId: string): Envelope {
  return buildEnvelope({
    id: uuidv7(),
    type: target.contract.type,
    schemaVersion: target.contract.schemaVersion,
    aggregateType: orderAggregateType,
    aggregateId: orderId,
    correlationId: orderId,
    occurredAt: new Date(),
    payload: target.payload(orderId),
  });
}

/** A record of exactly `bytes` (key and value) whose value is an envelope padded past the limit. */
function oversized(target: Target, orderId: string, bytes: number): string {
  const base = JSON.stringify({ ...envelopeOf(target, orderId), padding: '' });
  const padding = 'x'.repeat(bytes - Buffer.byteLength(base) - Buffer.byteLength(orderId));
  return JSON.stringify({ ...envelopeOf(target, orderId), padding });
}

/**
 * Every kind of poison for one target, each keyed by an order id of its own (or
 * keyless), so each dead letter can be told apart by its key.
 */
export function poisonFor(target: Target, limitBytes: number, oversizedBytes: number): Poison[] {
  const { type } = target.contract;
  const spoil = (
    kind: string,
    reason: string | RegExp,
    change: (envelope: Record<string, unknown>) => void,
  ) => {
    const orderId = uuidv7();
    const envelope: Record<string, unknown> = envelopeOf(target, orderId);
    change(envelope);
    return { kind, key: orderId, value: JSON.stringify(envelope), reason };
  };
  const fmt = new Intl.NumberFormat('en-US');
  const keyed = (kind: string, value: Buffer | string | null, reason: string | RegExp): Poison => ({
    kind,
    key: uuidv7(),
    value,
    reason,
  });
  const otherOrder = uuidv7();
  const misKeyed = envelopeOf(target, uuidv7());
  const unkeyed = envelopeOf(target, uuidv7());
  const garbled = envelopeOf(target, uuidv7());
  const huge = uuidv7();
  const deep = envelopeOf(target, uuidv7());
  return [
    keyed('bytes, not JSON', Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x00]), /^value is not JSON: /),
    keyed('JSON, not an envelope', '["an", "array"]', 'value is not a valid envelope: /: Expected object'),
    spoil(
      'missing field',
      /^value is not a valid envelope: \/correlationId: Expected required property/,
      (envelope) => {
        delete envelope.correlationId;
      },
    ),
    spoil(
      'invalid field',
      /^value is not a valid envelope: \/occurredAt: Expected string to match /,
      (envelope) => {
        envelope.occurredAt = 'yesterday';
      },
    ),
    spoil('unknown type', /^unknown message type 'NoSuchMessage' \(this consumer reads .+\)$/, (envelope) => {
      envelope.type = 'NoSuchMessage';
    }),
    spoil(
      'future schema version',
      `schema version 2 of '${type}' is not understood here (known: 1)`,
      (envelope) => {
        envelope.schemaVersion = 2;
      },
    ),
    spoil(
      'payload against the contract',
      `invalid '${type}' payload: /surprise: Unexpected property`,
      (envelope) => {
        envelope.payload = { ...(envelope.payload as object), surprise: true };
      },
    ),
    spoil(
      "payload's order id not the aggregate's",
      new RegExp(`^payload orderId ${otherOrder} is not the aggregate id [0-9a-f-]{36}$`),
      (envelope) => {
        envelope.payload = { ...(envelope.payload as object), orderId: otherOrder };
      },
    ),
    {
      kind: 'key not the order id',
      key: otherOrder,
      value: JSON.stringify(misKeyed),
      reason: `record key '${otherOrder}' is not the order id ${misKeyed.aggregateId}`,
    },
    {
      kind: 'no key',
      key: null,
      value: JSON.stringify(unkeyed),
      reason: `record has no key; it must be the order id ${unkeyed.aggregateId}`,
    },
    {
      kind: 'garbage headers',
      key: garbled.aggregateId,
      value: JSON.stringify(garbled),
      headers: {
        'message-id': Buffer.from([0xff, 0xfe, 0x00]),
        'message-type': 'Garbage',
        traceparent: 'garbage',
        'x-\u0000junk': Buffer.from([0x00, 0xc3, 0x28]),
      },
      reason: `header message-id is not UTF-8 text; header message-type 'Garbage' does not match the envelope type '${type}'`,
    },
    spoil(
      'text Postgres cannot store',
      'envelope holds a NUL character at /correlationId, which Postgres cannot store',
      (envelope) => {
        envelope.correlationId = 'nul\u0000here';
      },
    ),
    {
      kind: 'nesting too deep',
      key: deep.aggregateId,
      value: JSON.stringify({ ...deep, payload: 'deep' }).replace(
        '"deep"',
        `${'['.repeat(50_000)}0${']'.repeat(50_000)}`,
      ),
      reason: 'envelope is nested deeper than 64 levels',
    },
    keyed('empty value', '', 'record value is empty'),
    keyed('tombstone', null, 'record has no value (a tombstone)'),
    {
      kind: 'oversized',
      key: huge,
      value: oversized(target, huge, oversizedBytes),
      reason: `record of ${fmt.format(oversizedBytes)} bytes exceeds the ${fmt.format(limitBytes)}-byte limit`,
    },
  ];
}
