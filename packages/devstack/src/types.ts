import type { Logger } from 'pino';

export type StackSource = 'env' | 'docker' | 'embedded';

/** How to create topics and inject faults, from any process that holds the StackInfo. */
export type KafkaControlInfo =
  | { kind: 'mock'; host: string; port: number }
  | { kind: 'docker'; containerId: string }
  /** Env-provided real Kafka: topics via the kafkajs admin, no outage injection. */
  | { kind: 'admin' };

/** Plain JSON: it is handed to test workers and child processes. */
export interface StackInfo {
  source: StackSource;
  /** Superuser URL to a maintenance database (postgres). */
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaControl: KafkaControlInfo;
}

export interface Devstack extends StackInfo {
  startupMs: number;
  /** Idempotent; a no-op for a stack this process did not start. */
  stop(): Promise<void>;
}

export interface StartDevstackOptions {
  logger?: Logger;
  /** Brokers of the embedded Kafka mock; ignored by the other sources. */
  kafkaBrokerCount?: number;
}

/** Strips a Devstack down to the serialisable StackInfo. */
export function plainStackInfo(info: StackInfo): StackInfo {
  return {
    source: info.source,
    databaseUrl: info.databaseUrl,
    kafkaBrokers: [...info.kafkaBrokers],
    kafkaControl: { ...info.kafkaControl },
  };
}
