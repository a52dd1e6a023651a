export interface TopicSpec {
  name: string;
  partitions: number;
  /** Topic-level settings (e.g. max.message.bytes); the mock ignores them. */
  config?: Record<string, string>;
}

export interface KafkaControl {
  readonly canInjectOutage: boolean;
  /** Idempotent: an existing topic is left as it is. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Several topics in one request where the broker allows it; idempotent like createTopic. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** All brokers; throws when !canInjectOutage. Resolves once none serves. */
  brokerDown(): Promise<void>;
  /** All brokers; resolves once every one serves again. */
  brokerUp(): Promise<void>;
  /** One broker by its node id (1…N); the others keep serving. */
  stopBroker(nodeId: number): Promise<void>;
  startBroker(nodeId: number): Promise<void>;
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

export function assertNodeId(nodeId: number): void {
  if (!Number.isInteger(nodeId) || nodeId < 1 || nodeId > 999)
    throw new Error(`invalid broker node id: ${nodeId}`);
}
