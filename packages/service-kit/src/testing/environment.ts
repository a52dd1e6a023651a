import { allTopics } from '@sagaflow/contracts';
import { createDatabase, kafkaControl, type StackInfo } from '@sagaflow/devstack';
import { inject } from 'vitest';

/** A unique, lowercase name per call, so test files can share one cluster and one Postgres. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
}

export interface TestEnvironment {
  stack: StackInfo;
  /** The environment a service reads: its own fresh database, topics of its own. */
  env: Record<string, string>;
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
    env: {
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

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms${describe ? `: ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
