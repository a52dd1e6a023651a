import type { Logger } from 'pino';
import { dockerReachable, startDocker } from './docker/index.js';
import { startEmbedded } from './embedded/index.js';
import { sweepOrphanRuns } from './embedded/runs.js';
import { explicitEnvStack, STACK_ENV, stackInfoFromEnv } from './env.js';
import { defaultLogger } from './logger.js';
import type { Devstack, EmbeddedKafkaKind, StackInfo, StartDevstackOptions } from './types.js';

/** Forces a source instead of detecting one: 'docker' or 'embedded'. */
export const SOURCE_ENV = 'SAGAFLOW_DEVSTACK_SOURCE';

/** One node by default: a test or a demo needs no replication; `kafkaBrokerCount: 3` gives it. */
const defaultBrokerCount = 1;

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

function brokerCountOf(options: StartDevstackOptions): number {
  const brokerCount = options.kafkaBrokerCount ?? defaultBrokerCount;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 9) {
    throw new Error(`kafkaBrokerCount must be 1-9, got ${brokerCount}`);
  }
  return brokerCount;
}

/** A Kafka of its own beside a Postgres somebody else runs, from the same kind of source. */
async function kafkaBeside(
  postgres: StackInfo,
  options: StartDevstackOptions,
  logger: Logger,
  startedAt: number,
): Promise<Devstack> {
  // SCRAM is the embedded broker's (only it is formatted here), beside whichever Postgres.
  if (options.kafkaScram !== undefined)
    return startEmbedded(
      {
        brokerCount: brokerCountOf(options),
        startedAt,
        databaseUrl: postgres.databaseUrl,
        statementStats: options.statementStats ?? false,
        kafkaScram: options.kafkaScram,
      },
      logger,
    );
  switch (postgres.source) {
    case 'env':
      logger.warn('devstack: an env-provided stack has one Kafka, which this process cannot take down');
      return borrowed(postgres, startedAt);
    case 'docker':
      return startDocker(
        { startedAt, databaseUrl: postgres.databaseUrl, statementStats: options.statementStats ?? false },
        logger,
      );
    case 'embedded':
      return startEmbedded(
        {
          brokerCount: brokerCountOf(options),
          startedAt,
          databaseUrl: postgres.databaseUrl,
          statementStats: options.statementStats ?? false,
          ...embeddedKafkaOf(options),
        },
        logger,
      );
  }
}

function embeddedKafkaOf(options: StartDevstackOptions): { kafka?: EmbeddedKafkaKind } {
  return options.embeddedKafka ? { kafka: options.embeddedKafka } : {};
}

async function resolveStack(
  options: StartDevstackOptions,
  logger: Logger,
  startedAt: number,
): Promise<Devstack> {
  const env = process.env;
  // Whatever this start uses, embedded runs left by dead owners are cleaned up now.
  await sweepOrphanRuns(logger);
  if (options.postgresOf) return kafkaBeside(options.postgresOf, options, logger, startedAt);
  // A stack somebody else runs has no SCRAM user of ours: start one whole.
  if (options.kafkaScram !== undefined)
    return startEmbedded(
      {
        brokerCount: brokerCountOf(options),
        startedAt,
        statementStats: options.statementStats ?? false,
        kafkaScram: options.kafkaScram,
      },
      logger,
    );
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
  const brokerCount = brokerCountOf(options);
  const forced = env[SOURCE_ENV];
  if (forced !== undefined && forced !== 'docker' && forced !== 'embedded') {
    throw new Error(`${SOURCE_ENV} must be "docker" or "embedded", got ${JSON.stringify(forced)}`);
  }
  if (forced === 'docker' || (forced === undefined && (await dockerReachable(env)))) {
    return startDocker({ startedAt, statementStats: options.statementStats ?? false }, logger);
  }
  return startEmbedded(
    { brokerCount, startedAt, statementStats: options.statementStats ?? false, ...embeddedKafkaOf(options) },
    logger,
  );
}

/**
 * Resolution order: SAGAFLOW_STACK (a parent's stack) → DATABASE_URL + KAFKA_BROKERS
 * → a reachable Docker engine (testcontainers) → embedded postgres with Apache
 * Kafka (a JVM) → embedded postgres with librdkafka's mock, where no JVM exists.
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
      kafka: stack.kafka,
      ...(stack.kafkaSasl === undefined
        ? {}
        : { kafkaSasl: `${stack.kafkaSasl.mechanism} as ${stack.kafkaSasl.username}` }),
      ...(stack.kafkaTlsCaFile === undefined ? {} : { kafkaTlsCaFile: stack.kafkaTlsCaFile }),
    },
    'devstack ready',
  );
  return stack;
}
