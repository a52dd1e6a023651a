import type { KafkaControlInfo, KafkaInfo, KafkaSasl } from '../types.js';

/** The Kafka half of an embedded stack, whichever broker serves it. */
export interface EmbeddedKafka {
  brokers: string[];
  control: KafkaControlInfo;
  info: KafkaInfo;
  /** Set when the brokers require SASL. */
  sasl?: KafkaSasl;
  /** Set when they speak TLS only: the CA of their certificates. */
  tlsCaFile?: string;
  /** The processes serving it now (the mock's launcher, or one JVM per node). */
  pids(): number[];
  /** Synchronous best effort for process exit hooks. */
  kill(): void;
  stop(): Promise<void>;
}
