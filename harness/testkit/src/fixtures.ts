import { allTopics } from '@sagaflow/contracts';
import {
  createDatabase,
  type Devstack,
  type KafkaControl,
  kafkaControl,
  type StackInfo,
  type StartDevstackOptions,
  startDevstack,
} from '@sagaflow/devstack';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, inject } from 'vitest';
import { uniqueName } from './names.js';
import { kafkaClient, type OutboxFixture, outboxDatabase, testLogger } from './outbox.js';
import { LocalAuth } from './tokens.js';
import './vitest-context.js';

/** The signing key of the test file: every service a test environment starts verifies its tokens. */
export const testAuth = new LocalAuth();

export interface TestEnvironment {
  stack: StackInfo;
  /** The environment a service reads: its own fresh database, topics of its own, testAuth's key. */
  env: Record<string, string>;
  /** Mints the tokens the service accepts. */
  auth: LocalAuth;
  topicPrefix: string;
  databaseUrl: string;
}

/**
 * A fresh database and a fresh set of sagaflow topics (under a unique prefix) on
 * the stack the vitest global setup started. Every topic is created up front, with
 * its contract's partitions: the brokers do not create topics on first use.
 */
export async function testEnvironment(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<TestEnvironment> {
  const stack = inject('devstack');
  const databaseUrl = await createDatabase(stack, uniqueName(name));
  const topicPrefix = `${uniqueName(name)}.`;
  await createSagaTopics(stack, topicPrefix);
  return {
    stack,
    topicPrefix,
    databaseUrl,
    auth: testAuth,
    env: {
      ...testAuth.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...extraEnv,
    },
  };
}

export async function createSagaTopics(stack: StackInfo, topicPrefix: string): Promise<void> {
  await kafkaControl(stack).createTopics(
    allTopics.map((topic) => ({ name: topicPrefix + topic.name, partitions: topic.partitions })),
  );
}

/**
 * The shared set-up of an outbox integration test file: the stack from the global
 * setup, its Kafka control, a client, and a fresh outbox database for the file.
 */
export function outboxTestContext(name: string) {
  const stack = inject('devstack');
  const context = {
    stack,
    control: kafkaControl(stack),
    kafka: kafkaClient(stack, name),
    /** Set before the file's first test runs. */
    fixture: undefined as unknown as OutboxFixture,
  };
  beforeAll(async () => {
    context.fixture = await outboxDatabase(stack, uniqueName(name.replaceAll('-', '_')));
  });
  afterAll(async () => {
    await context.fixture.close();
  });
  return context;
}

/**
 * A Kafka of the calling file's own beside the shared Postgres, started before its
 * first test and stopped after its last: for a file that takes brokers down, which
 * no other file may meet. `brokers: 3` gives a cluster; `kafka: 'librdkafka-mock'`
 * the fallback broker; `kafkaScram` a broker that requires SCRAM of that user. Set
 * before the file's first test runs.
 */
export function ownKafka(
  shared: StackInfo,
  name: string,
  options: Pick<StartDevstackOptions, 'kafkaBrokerCount' | 'embeddedKafka' | 'kafkaScram'> & {
    /** Start nothing when false: the file's tests skip themselves on this stack. */
    when?: boolean;
  } = {},
) {
  const { when = true, ...start } = options;
  const own = {
    stack: undefined as unknown as Devstack,
    control: undefined as unknown as KafkaControl,
    kafka: undefined as unknown as Kafka,
  };
  beforeAll(async () => {
    if (!when) return;
    own.stack = await startDevstack({ postgresOf: shared, logger: testLogger, ...start });
    own.control = kafkaControl(own.stack);
    own.kafka = kafkaClient(own.stack, name);
  }, 120_000);
  afterAll(async () => {
    await own.stack?.stop();
  });
  return own;
}
