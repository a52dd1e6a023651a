import type { Logger } from 'pino';

export type StackSource = 'env' | 'docker' | 'embedded';

/** Which broker serves the stack's Kafka protocol. */
export type KafkaKind = 'apache-kafka' | 'librdkafka-mock' | 'docker' | 'env';

/** What the stack's Kafka is, as `pnpm devstack --json` and every `--json` report print it. */
export interface KafkaInfo {
  kind: KafkaKind;
  /** The Kafka (or librdkafka) release; 'unknown' for an env-provided cluster. */
  version: string;
  brokers: number;
}

/** `apache-kafka 4.4.0 (3 brokers)`: for the lines that say what a run ran on. */
export function describeKafka(kafka: KafkaInfo): string {
  return `${kafka.kind} ${kafka.version} (${kafka.brokers} broker${kafka.brokers === 1 ? '' : 's'})`;
}

/** How to create topics and inject faults, from any process that holds the StackInfo. */
export type KafkaControlInfo =
  /** Embedded Apache Kafka: the owning process serves its fault controls on loopback HTTP. */
  | { kind: 'apache-kafka'; url: string }
  | { kind: 'mock'; host: string; port: number }
  | { kind: 'docker'; containerId: string }
  /** Env-provided real Kafka: topics via the kafkajs admin, no outage injection. */
  | { kind: 'admin' };

/** Credentials a Kafka with SASL wants; `pnpm devstack --scram` prints them as KAFKA_SASL_* exports. */
export type KafkaSasl = { username: string; password: string } & (
  | { mechanism: 'scram-sha-256' }
  | { mechanism: 'scram-sha-512' }
);

/** Plain JSON: it is handed to test workers and child processes. */
export interface StackInfo {
  source: StackSource;
  /** Superuser URL to a maintenance database (postgres). */
  databaseUrl: string;
  kafkaBrokers: string[];
  kafka: KafkaInfo;
  kafkaControl: KafkaControlInfo;
  /** Present when the brokers require SASL: what every client of this stack must present. */
  kafkaSasl?: KafkaSasl;
  /** Present when the brokers speak TLS only: the PEM CA that signed their certificates. */
  kafkaTlsCaFile?: string;
}

export interface Devstack extends StackInfo {
  startupMs: number;
  /** Idempotent; a no-op for a stack this process did not start. */
  stop(): Promise<void>;
}

/** Which Kafka an embedded stack runs; by default Apache Kafka wherever a JVM exists. */
export type EmbeddedKafkaKind = 'apache-kafka' | 'librdkafka-mock';

export interface StartDevstackOptions {
  logger?: Logger;
  /** Kafka brokers of an embedded stack (default 1); ignored by the other sources. */
  kafkaBrokerCount?: number;
  /** Overrides SAGAFLOW_DEVSTACK_KAFKA and the detection of a JVM. */
  embeddedKafka?: EmbeddedKafkaKind;
  /**
   * Start only Kafka, and use this stack's Postgres: for a test that takes its
   * broker down, which no other test should meet, without a server of its own.
   */
  postgresOf?: StackInfo;
  /**
   * Preload pg_stat_statements, for the saga bench's statement counts. Off by
   * default: it cost the relay bench's p99 at 1,000 events/s about 10 ms (40 against 30).
   */
  statementStats?: boolean;
  /**
   * Embedded Apache Kafka whose only client listener is SASL_PLAINTEXT, requiring
   * SCRAM-SHA-256 or -512; this user gets both credentials when the storage is
   * formatted. Always the embedded broker (it needs Java), whatever serves Postgres.
   */
  kafkaScram?: {
    username: string;
    password: string;
    /** SASL_SSL instead: TLS with a certificate from a throwaway CA (StackInfo's kafkaTlsCaFile). */
    tls?: boolean;
  };
}

/** Strips a Devstack down to the serialisable StackInfo. */
export function plainStackInfo(info: StackInfo): StackInfo {
  return {
    source: info.source,
    databaseUrl: info.databaseUrl,
    kafkaBrokers: [...info.kafkaBrokers],
    kafka: { ...info.kafka },
    kafkaControl: { ...info.kafkaControl },
    ...(info.kafkaSasl === undefined ? {} : { kafkaSasl: { ...info.kafkaSasl } }),
    ...(info.kafkaTlsCaFile === undefined ? {} : { kafkaTlsCaFile: info.kafkaTlsCaFile }),
  };
}
