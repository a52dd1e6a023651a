import { type MessageContract, outgoing, type PayloadOf } from '@sagaflow/contracts';
import { buildEnvelope, type Envelope, encodeEnvelope } from '@sagaflow/outbox';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { uniqueName } from './names.js';
import { waitFor } from './wait.js';

/**
 * Plays the other side of a service in a test: sends it envelopes as a peer's relay
 * would, and records everything published on the topics it watches.
 */
export class KafkaPeer {
  readonly received: Envelope[] = [];
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private readonly consumers: { disconnect(): Promise<void> }[] = [];

  constructor(
    brokers: string[],
    private readonly topicPrefix: string,
  ) {
    this.kafka = new Kafka({ clientId: uniqueName('peer'), brokers, logLevel: logLevel.NOTHING });
  }

  /** Records every envelope on `topic` from its beginning, duplicates included. */
  async watch(topic: string): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('peer'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topicPrefix + topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        this.received.push(JSON.parse(message.value?.toString('utf8') ?? 'null') as Envelope);
      },
    });
    this.consumers.push(consumer);
  }

  /** Publishes `payload` as `contract`; returns the envelope, so a test can send it again verbatim. */
  async send<TContract extends MessageContract>(
    contract: TContract,
    payload: PayloadOf<TContract> & { orderId: string },
    overrides: Partial<Envelope> = {},
  ): Promise<Envelope> {
    const message = outgoing(contract, payload);
    const envelope: Envelope = {
      ...buildEnvelope({
        ...message,
        id: uuidv7(),
        correlationId: message.correlationId ?? message.aggregateId,
        occurredAt: new Date(),
      }),
      ...overrides,
    };
    await this.sendEnvelope(contract.topic, envelope);
    return envelope;
  }

  /** Publishes a raw value, well-formed or not: for duplicates and poison. */
  async sendEnvelope(topic: string, envelope: Envelope | string, key?: string): Promise<void> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer();
      await producer.connect();
      return producer;
    })();
    const producer = await this.producer;
    const value = typeof envelope === 'string' ? envelope : encodeEnvelope(envelope);
    const recordKey = key ?? (typeof envelope === 'string' ? 'poison' : envelope.aggregateId);
    await producer.send({
      topic: this.topicPrefix + topic,
      acks: -1,
      messages: [{ key: recordKey, value }],
    });
  }

  ofType(type: string, orderId?: string): Envelope[] {
    return this.received.filter(
      (envelope) => envelope.type === type && (orderId === undefined || envelope.aggregateId === orderId),
    );
  }

  async waitForType(type: string, orderId?: string, count = 1, timeoutMs = 30_000): Promise<Envelope[]> {
    await waitFor(
      () => this.ofType(type, orderId).length >= count,
      timeoutMs,
      () =>
        `${this.ofType(type, orderId).length}/${count} ${type}; saw ${this.received.map((e) => e.type).join(', ')}`,
    );
    return this.ofType(type, orderId);
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await (await this.producer)?.disconnect();
  }
}
