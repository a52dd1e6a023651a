export { createDatabase } from './database.js';
export { PrerequisiteError } from './embedded/prerequisites.js';
export { startTlsPostgres, type TlsPostgres } from './embedded/tls-postgres.js';
export { kafkaSecurityEnv, stackInfoFromEnv, stackInfoToEnv } from './env.js';
export { kafkaClientSecurity } from './kafka-control/client-security.js';
export { type KafkaControl, kafkaControl, type TopicSpec } from './kafka-control/index.js';
export { startDevstack } from './start.js';
export type {
  Devstack,
  EmbeddedKafkaKind,
  KafkaControlInfo,
  KafkaInfo,
  KafkaKind,
  KafkaSasl,
  StackInfo,
  StackSource,
  StartDevstackOptions,
} from './types.js';
export { describeKafka, plainStackInfo } from './types.js';
