import type { Logger } from 'pino';
import { dockerReachable, startDocker } from './docker/index.js';
import { startEmbedded } from './embedded/index.js';
import { sweepOrphanRuns } from './embedded/runs.js';
import { explicitEnvStack, STACK_ENV, stackInfoFromEnv } from './env.js';
import { defaultLogger } from './logger.js';
import type { Devstack, StackInfo, StartDevstackOptions } from './types.js';

/** Forces a source instead of detecting one: 'docker' or 'embedded'. */
export const SOURCE_ENV = 'SAGAFLOW_DEVSTACK_SOURCE';

/**
 * Several mock brokers by default so that partitions have different leaders, as
 * on a real cluster; kafkajs handles it, and brokerDown() still takes all down.
 */
const defaultBrokerCount = 3;

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** A stack somebody else started: this process uses it and never stops it. */
function borrowed(info: StackInfo, startedAt: number): Devstack {
  return { ...info, startupMs: Math.round(performance.now() - startedAt), stop: async () => undefined };
}

async function resolveStack(
  options: StartDevstackOptions,
  logger: Logger,
  startedAt: number,
): Promise<Devstack> {
  const env = process.env;
  // Whatever this start uses, embedded runs left by dead owners are cleaned up now.
  await sweepOrphanRuns(logger);
  // A child of a process that already runs a stack keeps its fault injection.
  const inherited = stackInfoFromEnv(env);
  if (inherited) {
    logger.debug(`devstack: using the stack described by ${STACK_ENV}`);
    return borrowed(inherited, startedAt);
  }
  const explicit = explicitEnvStack(env);
  if (explicit) return borrowed(explicit, startedAt);
  if (env.DATABASE_URL || env.KAFKA_BROKERS) {
    logger.warn(
      'devstack: DATABASE_URL and KAFKA_BROKERS must be set together; starting a local stack instead',
    );
  }
  const brokerCount = options.kafkaBrokerCount ?? defaultBrokerCount;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 16) {
    throw new Error(`kafkaBrokerCount must be 1-16, got ${brokerCount}`);
  }
  const forced = env[SOURCE_ENV];
  if (forced !== undefined && forced !== 'docker' && forced !== 'embedded') {
    throw new Error(`${SOURCE_ENV} must be "docker" or "embedded", got ${JSON.stringify(forced)}`);
  }
  if (forced === 'docker' || (forced === undefined && (await dockerReachable(env)))) {
    return startDocker({ startedAt }, logger);
  }
  return startEmbedded({ brokerCount, startedAt }, logger);
}

/**
 * Resolution order: SAGAFLOW_STACK (a parent's stack) → DATABASE_URL + KAFKA_BROKERS
 * → a reachable Docker engine (testcontainers) → embedded postgres + Kafka mock.
 */
export async function startDevstack(options: StartDevstackOptions = {}): Promise<Devstack> {
  const startedAt = performance.now();
  const logger = options.logger ?? defaultLogger();
  const stack = await resolveStack(options, logger, startedAt);
  logger.info(
    {
      source: stack.source,
      startupMs: stack.startupMs,
      databaseUrl: redact(stack.databaseUrl),
      kafkaBrokers: stack.kafkaBrokers,
    },
    'devstack ready',
  );
  return stack;
}
