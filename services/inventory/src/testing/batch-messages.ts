import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import {
  CommitStock,
  type inventoryCommands,
  outgoing,
  ReleaseStock,
  ReserveStock,
} from '@sagaflow/contracts';
import { buildEnvelope, type OutgoingMessage, toRow } from '@sagaflow/outbox';
import { type MessageSink, outboxSink, type ReceivedMessage } from '@sagaflow/service-kit';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { StockCommand } from '../stock/batch-decisions.js';

export type InventoryMessage = ReceivedMessage<typeof inventoryCommands>;

/** The outbox sink, remembering what it was given and how often. */
export interface RecordingSink extends MessageSink {
  readonly sent: OutgoingMessage[];
  readonly calls: number;
}

/** `write: false` keeps the replies out of the outbox, for tests about locks that need not publish thousands. */
export function recordingSink({ write = true }: { write?: boolean } = {}): RecordingSink {
  const sent: OutgoingMessage[] = [];
  let calls = 0;
  return {
    sent,
    get calls() {
      return calls;
    },
    async enqueue(tx, messages) {
      calls += 1;
      sent.push(...(Array.isArray(messages) ? messages : [messages as OutgoingMessage]));
      return write ? outboxSink.enqueue(tx, messages) : [];
    },
  };
}

const silent = pino({ level: 'silent' });
const contracts = { ReserveStock, ReleaseStock, CommitStock } as const;

/** Each command as the consumer hands it over: a fresh envelope id and trace, offsets in the given order. */
export function receivedBatch(commands: readonly StockCommand[], sink: MessageSink): InventoryMessage[] {
  return commands.map((command, offset) => {
    const { orderId } = command.payload;
    const message = outgoing(contracts[command.type], command.payload, { correlationId: orderId });
    const envelope = buildEnvelope(toRow(message, { newId: uuidv7, now: () => new Date() }));
    return {
      message: command,
      context: {
        incoming: {
          envelope,
          trace: remoteTrace(),
          topic: ReserveStock.topic,
          partition: 0,
          offset: String(offset),
          key: orderId,
          headers: {},
        },
        logger: silent,
        sink,
      },
    };
  });
}

/** A trace context as a remote producer would have stored it: a sampled span of a trace of its own. */
function remoteTrace() {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}
