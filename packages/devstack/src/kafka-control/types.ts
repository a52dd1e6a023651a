export interface KafkaControl {
  readonly canInjectOutage: boolean;
  /** Idempotent: an existing topic is left as it is. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** All brokers; throws when !canInjectOutage. */
  brokerDown(): Promise<void>;
  brokerUp(): Promise<void>;
  /**
   * Mock only (throws elsewhere): produce to the topic fails with that Kafka error
   * code; 0 clears. The mock reports the error in metadata responses and takes the
   * partitions' leadership away, so even a producer with cached metadata meets it.
   * kafkajs refreshes metadata for all topics of a producer at once, so while a
   * topic fails, a producer that must (re)load metadata fails for its other new
   * topics too.
   */
  failProduce(topic: string, kafkaErrorCode: number): Promise<void>;
}

/** Kafka's legal topic names; also keeps the launcher's line protocol unambiguous. */
export function assertTopicName(name: string): void {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(name))
    throw new Error(`invalid Kafka topic name: ${JSON.stringify(name)}`);
}

export function assertPartitions(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new Error(`invalid partition count: ${partitions}`);
}
