export { kafkaConnectOptions, postgresConnectOptions } from './connect-options.js';
export { SecurityConfigError, type TlsMode } from './env-settings.js';
export {
  describeKafkaSecurity,
  type KafkaSecuritySettings,
  kafkaSecurityVariables,
  parseKafkaSecurity,
  type SaslMechanism,
  saslMechanisms,
} from './kafka-security.js';
export {
  describePostgresTls,
  type PostgresTlsSettings,
  parsePostgresTls,
  postgresTlsVariables,
} from './postgres-tls.js';
