import { Type } from '@sinclair/typebox';

// Strings with '' for unset: the rules between them (a mechanism needs a username, PLAIN needs
// TLS, sslmode must agree with DATABASE_TLS) are checked together by @sagaflow/outbox's parsers,
// which the relay CLI shares.
const optional = (description: string) => Type.String({ default: '', description });
const tlsMode = (description: string) => Type.String({ default: 'off', description });

/** Kafka SASL/TLS and Postgres TLS: the variables every service reads, and the relay CLI too. */
export const connectionSecurityEnvProperties = {
  KAFKA_SASL_MECHANISM: optional('`scram-sha-256`, `scram-sha-512` or `plain` (TLS only); unset: no SASL'),
  KAFKA_SASL_USERNAME: optional('The SASL user; required with KAFKA_SASL_MECHANISM'),
  KAFKA_SASL_PASSWORD: optional('The SASL password (never logged); or KAFKA_SASL_PASSWORD_FILE'),
  KAFKA_SASL_PASSWORD_FILE: optional('A file holding the SASL password, such as a mounted secret'),
  KAFKA_TLS: tlsMode('`verify-full`: TLS to the brokers, certificate and host name checked'),
  KAFKA_TLS_CA_FILE: optional('PEM CA the brokers’ certificates are checked against; default: Node’s roots'),
  KAFKA_TLS_CERT_FILE: optional('PEM client certificate for the brokers (with KAFKA_TLS_KEY_FILE)'),
  KAFKA_TLS_KEY_FILE: optional('PEM key of KAFKA_TLS_CERT_FILE'),
  DATABASE_TLS: tlsMode(
    '`verify-full`: TLS to Postgres, certificate and host name checked; an sslmode in DATABASE_URL must agree',
  ),
  DATABASE_TLS_CA_FILE: optional('PEM CA the Postgres certificate is checked against; default: Node’s roots'),
  DATABASE_TLS_CERT_FILE: optional('PEM client certificate for Postgres (with DATABASE_TLS_KEY_FILE)'),
  DATABASE_TLS_KEY_FILE: optional('PEM key of DATABASE_TLS_CERT_FILE'),
};
