import type { KafkaControlInfo, KafkaInfo, KafkaKind, KafkaSasl, StackInfo } from './types.js';
import { plainStackInfo } from './types.js';

export const STACK_ENV = 'SAGAFLOW_STACK';

export function stackInfoToEnv(info: StackInfo): Record<string, string> {
  return {
    [STACK_ENV]: JSON.stringify(plainStackInfo(info)),
    DATABASE_URL: info.databaseUrl,
    KAFKA_BROKERS: info.kafkaBrokers.join(','),
    ...kafkaSecurityEnv(info),
  };
}

/** The KAFKA_SASL_* and KAFKA_TLS* a client of this stack's Kafka needs; none for plaintext without SASL. */
export function kafkaSecurityEnv(info: StackInfo): Record<string, string> {
  return {
    ...(info.kafkaSasl === undefined
      ? {}
      : {
          KAFKA_SASL_MECHANISM: info.kafkaSasl.mechanism,
          KAFKA_SASL_USERNAME: info.kafkaSasl.username,
          KAFKA_SASL_PASSWORD: info.kafkaSasl.password,
        }),
    ...(info.kafkaTlsCaFile === undefined
      ? {}
      : { KAFKA_TLS: 'verify-full', KAFKA_TLS_CA_FILE: info.kafkaTlsCaFile }),
  };
}

/** Undefined when SAGAFLOW_STACK is unset; throws when it is set but malformed. */
export function stackInfoFromEnv(env: NodeJS.ProcessEnv = process.env): StackInfo | undefined {
  const raw = env[STACK_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${STACK_ENV} is not JSON: ${raw.slice(0, 80)}`);
  }
  return parseStackInfo(parsed);
}

export function parseKafkaBrokers(value: string): string[] {
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

/** The stack described by DATABASE_URL + KAFKA_BROKERS, when both are set. */
export function explicitEnvStack(env: NodeJS.ProcessEnv): StackInfo | undefined {
  const databaseUrl = env.DATABASE_URL?.trim();
  const kafkaBrokers = parseKafkaBrokers(env.KAFKA_BROKERS ?? '');
  if (!databaseUrl || kafkaBrokers.length === 0) return undefined;
  return {
    source: 'env',
    databaseUrl,
    kafkaBrokers,
    kafka: { kind: 'env', version: 'unknown', brokers: kafkaBrokers.length },
    kafkaControl: { kind: 'admin' },
  };
}

function fail(reason: string): never {
  throw new Error(`${STACK_ENV} does not describe a stack: ${reason}`);
}

function parseKafkaControl(value: unknown): KafkaControlInfo {
  if (typeof value !== 'object' || value === null) fail('kafkaControl is not an object');
  const control = value as Record<string, unknown>;
  switch (control.kind) {
    case 'apache-kafka':
      if (typeof control.url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(control.url)) {
        fail('apache-kafka kafkaControl needs a loopback url');
      }
      return { kind: 'apache-kafka', url: control.url };
    case 'mock':
      if (typeof control.host !== 'string' || !Number.isInteger(control.port)) {
        fail('mock kafkaControl needs host and port');
      }
      return { kind: 'mock', host: control.host, port: control.port as number };
    case 'docker':
      if (typeof control.containerId !== 'string') fail('docker kafkaControl needs containerId');
      return { kind: 'docker', containerId: control.containerId };
    case 'admin':
      return { kind: 'admin' };
    default:
      return fail(`unknown kafkaControl kind ${String(control.kind)}`);
  }
}

const kafkaKinds: readonly KafkaKind[] = ['apache-kafka', 'librdkafka-mock', 'docker', 'env'];

function parseKafkaInfo(value: unknown): KafkaInfo {
  if (typeof value !== 'object' || value === null) fail('kafka is not an object');
  const kafka = value as Record<string, unknown>;
  if (!kafkaKinds.includes(kafka.kind as KafkaKind)) fail(`unknown kafka kind ${String(kafka.kind)}`);
  if (typeof kafka.version !== 'string' || !Number.isInteger(kafka.brokers)) {
    fail('kafka needs a version and a broker count');
  }
  return { kind: kafka.kind as KafkaKind, version: kafka.version, brokers: kafka.brokers as number };
}

function parseKafkaSasl(value: unknown): KafkaSasl {
  if (typeof value !== 'object' || value === null) fail('kafkaSasl is not an object');
  const sasl = value as Record<string, unknown>;
  if (sasl.mechanism !== 'scram-sha-256' && sasl.mechanism !== 'scram-sha-512')
    fail(`unknown kafkaSasl mechanism ${String(sasl.mechanism)}`);
  if (typeof sasl.username !== 'string' || typeof sasl.password !== 'string')
    fail('kafkaSasl needs a username and a password');
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

function parseCaFile(value: unknown): string {
  if (typeof value !== 'string' || value === '') fail('kafkaTlsCaFile must be a path');
  return value;
}

export function parseStackInfo(value: unknown): StackInfo {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const info = value as Record<string, unknown>;
  const source = info.source;
  if (source !== 'env' && source !== 'docker' && source !== 'embedded')
    fail(`unknown source ${String(source)}`);
  if (typeof info.databaseUrl !== 'string' || info.databaseUrl === '') fail('databaseUrl missing');
  const brokers = info.kafkaBrokers;
  if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === 'string')) {
    fail('kafkaBrokers must be a non-empty list of host:port');
  }
  return {
    source,
    databaseUrl: info.databaseUrl,
    kafkaBrokers: brokers as string[],
    kafka: parseKafkaInfo(info.kafka),
    kafkaControl: parseKafkaControl(info.kafkaControl),
    ...(info.kafkaSasl === undefined ? {} : { kafkaSasl: parseKafkaSasl(info.kafkaSasl) }),
    ...(info.kafkaTlsCaFile === undefined ? {} : { kafkaTlsCaFile: parseCaFile(info.kafkaTlsCaFile) }),
  };
}
