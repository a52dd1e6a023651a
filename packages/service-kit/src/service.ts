import { type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import type { MessageContract } from '@sagaflow/contracts';
import type { RelayOptions } from '@sagaflow/outbox';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { RouteOptions } from 'fastify';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { authentication } from './auth/plugin.js';
import { tokenVerificationFrom } from './auth/settings.js';
import { createTokenVerifier } from './auth/verify.js';
import { readConnectionSecurity } from './config/connection-security.js';
import { brokerList, type CommonEnv } from './config/env.js';
import { withCommitHooks } from './database/after-commit.js';
import { migrateDatabase, openDatabase } from './database/database.js';
import { deadLetterRoutes } from './dead-letters/routes.js';
import { consumerRunning, healthRoutes } from './http/health.js';
import { openApiDocs } from './http/openapi.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createKafka } from './kafka/kafka.js';
import { type MessageHandling, type Messaging, startMessaging } from './messaging/messaging.js';
import { type MessageSink, type MessageSinkFactory, openOutboxSink } from './messaging/sink.js';
import { createLogger } from './observability/logger.js';
import { createServiceMetrics } from './observability/metrics.js';
import { httpMetrics, metricsRoute } from './observability/metrics-http.js';
import { listenForMetrics } from './observability/metrics-server.js';
import { outboxRoutes } from './outbox-routes/routes.js';
import { outboxPruneTasks, type PruneTask, startPruner } from './retention/pruner.js';

export interface ServiceDependencies<TSchema extends Record<string, unknown>> {
  db: NodePgDatabase<TSchema>;
  pool: pg.Pool;
  kafka: Kafka;
  logger: Logger;
  /** Where the service's messages go; the outbox unless the kit was handed another sink. */
  sink: MessageSink;
  /** The service's tracer, for spans of its own (HTTP, relay and consumer spans are the kit's). */
  tracer: Tracer;
}

/** Work a service runs beside its consumer, such as a deadline scheduler. */
export interface BackgroundTask {
  stop(): Promise<void>;
}

export interface ServiceDefinition<
  TSchema extends Record<string, unknown>,
  TContracts extends readonly MessageContract[],
> {
  name: string;
  schema: TSchema;
  migrationsFolder: string;
  consumes: {
    topics: readonly string[];
    contracts: TContracts;
  } & MessageHandling<NodePgDatabase<TSchema>, TContracts>;
  routes: (app: HttpServer, dependencies: ServiceDependencies<TSchema>) => Promise<void> | void;
  onPublished?: (dependencies: ServiceDependencies<TSchema>) => RelayOptions['onPublished'];
  background?: (dependencies: ServiceDependencies<TSchema>) => Promise<BackgroundTask> | BackgroundTask;
  /** Registers the service's own metrics on its instance's registry; called before anything starts. */
  metrics?: (registry: Registry, dependencies: ServiceDependencies<TSchema>) => void;
  bodyLimit?: number;
  /** Tables of the service's own pruned by age beside the inbox and dead letters. */
  prunes?: readonly PruneTask[];
}

/**
 * A service as every sagaflow service is written: its name, and its definition
 * built from its validated configuration.
 */
export interface ServiceFactory<
  TEnv extends CommonEnv,
  TSchema extends Record<string, unknown>,
  TContracts extends readonly MessageContract[],
> {
  (env: TEnv): ServiceDefinition<TSchema, TContracts>;
  /** Known before the configuration is read, so a configuration error names the service. */
  readonly serviceName: string;
}

export function defineService<
  TEnv extends CommonEnv,
  TSchema extends Record<string, unknown>,
  const TContracts extends readonly MessageContract[],
>(
  name: string,
  define: (env: TEnv) => Omit<ServiceDefinition<TSchema, TContracts>, 'name'>,
): ServiceFactory<TEnv, TSchema, TContracts> {
  return Object.assign((env: TEnv) => ({ name, ...define(env) }), { serviceName: name });
}

export interface StartOptions {
  /** Default: a logger named after the service, at LOG_LEVEL. */
  logger?: Logger;
  /** Default: the outbox. */
  sink?: MessageSinkFactory;
  /** Sees every route as it is registered (fastify's onRoute hook), e.g. for a test of the OpenAPI document. */
  onRoute?: (route: RouteOptions) => void;
  /**
   * Where the service's spans go. Default: the global provider, the SDK's that
   * runService started. A test running several services in one process hands each
   * its own, to tell them apart by resource.
   */
  tracerProvider?: TracerProvider;
}

export interface RunningService<TSchema extends Record<string, unknown>>
  extends ServiceDependencies<TSchema> {
  app: HttpServer;
  url: string;
  /** Where `GET /metrics` answers: on `url`, or on METRICS_PORT when that is set. */
  metricsUrl: string;
  /** The instance's own metrics registry. */
  registry: Registry;
  messaging: Messaging;
  stop(): Promise<void>;
}

/**
 * Opens the database (migrating it first), starts the embedded relay and the inbox
 * consumer, the background tasks, then the HTTP server. `stop()` undoes it in the
 * order that loses nothing: no new requests, background work and consumption
 * finish, the outbox is flushed, connections close.
 */
export async function startService<
  TEnv extends CommonEnv,
  TSchema extends Record<string, unknown>,
  const TContracts extends readonly MessageContract[],
>(
  service: ServiceFactory<TEnv, TSchema, TContracts>,
  env: TEnv,
  options: StartOptions = {},
): Promise<RunningService<TSchema>> {
  const definition = service(env);
  const log = options.logger ?? createLogger(definition.name, env.LOG_LEVEL);
  // Before anything connects: a service never runs without a way to verify tokens.
  const verification = tokenVerificationFrom(env);
  const verify = createTokenVerifier(verification);
  const security = await readConnectionSecurity(env);
  log.info(security.description, 'connection security');
  const { pool, db: database } = openDatabase({
    url: security.database.connectionString,
    ssl: security.database.ssl,
    schema: definition.schema,
    logger: log,
  });
  const cleanups: (() => Promise<void>)[] = [() => pool.end()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: Error) => log.warn({ err: error }, 'cleanup failed'));
  };
  try {
    if (env.MIGRATE_ON_START)
      await migrateDatabase(database as NodePgDatabase<Record<string, unknown>>, definition.migrationsFolder);
    const kafka = createKafka({
      clientId: definition.name,
      brokers: brokerList(env.KAFKA_BROKERS),
      logger: log,
      ...security.kafka,
    });
    const opened = await (options.sink ?? openOutboxSink)({
      kafka,
      logger: log,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
    });
    const { sink, close } = opened;
    if (close !== undefined) cleanups.push(close);
    const db = withCommitHooks(
      opened.database === undefined ? database : opened.database(database),
      (error) => log.error({ err: error }, 'after-commit hook failed'),
    );
    const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
    const tracer = tracerProvider.getTracer(`@sagaflow/${definition.name}`);
    const dependencies: ServiceDependencies<TSchema> = { db, pool, kafka, logger: log, sink, tracer };
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    const metrics = createServiceMetrics({
      serviceName: definition.name,
      db,
      admin,
      groupId: env.KAFKA_TOPIC_PREFIX + definition.name,
      topics: definition.consumes.topics.map((topic) => env.KAFKA_TOPIC_PREFIX + topic),
      logger: log,
    });
    definition.metrics?.(metrics.registry, dependencies);
    const onPublished = definition.onPublished?.(dependencies);
    const messaging = await startMessaging({
      kafka,
      pool,
      db,
      logger: log,
      groupId: definition.name,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      sink,
      ...definition.consumes,
      maxWaitTimeInMs: env.KAFKA_MAX_WAIT_MS,
      partitionsConsumedConcurrently: env.KAFKA_PARTITIONS_CONCURRENTLY,
      maxMessageBytes: env.KAFKA_MAX_MESSAGE_BYTES,
      ...(onPublished === undefined ? {} : { onPublished }),
      observers: metrics.outbox,
      tracerProvider,
    });
    cleanups.push(() => messaging.stop(env.SHUTDOWN_TIMEOUT_MS));
    const background = await definition.background?.(dependencies);
    if (background !== undefined) cleanups.push(() => background.stop());
    const pruner = startPruner({
      db,
      tasks: [...outboxPruneTasks(env), ...(definition.prunes ?? [])],
      intervalMs: env.RETENTION_INTERVAL_MS,
      batchRows: env.RETENTION_BATCH_ROWS,
      logger: log.child({ component: 'retention' }),
    });
    cleanups.push(() => pruner.stop());
    const app = createHttpServer({
      logger: log,
      tracer,
      rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS },
      ...(definition.bodyLimit === undefined ? {} : { bodyLimit: definition.bodyLimit }),
    });
    if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute);
    app.register(openApiDocs, { title: definition.name });
    // Awaited: loaded before any route is declared, so that none escapes it.
    await app.register(authentication, { verify });
    app.register(httpMetrics, { registry: metrics.registry });
    const metricsServer =
      env.METRICS_PORT === 0
        ? undefined
        : await listenForMetrics(metrics.registry, { host: env.HOST, port: env.METRICS_PORT, logger: log });
    if (metricsServer === undefined) app.register(metricsRoute, { registry: metrics.registry });
    else cleanups.push(() => metricsServer.close());
    app.register(healthRoutes, {
      checks: {
        database: async () => {
          await pool.query('SELECT 1');
        },
        broker: async () => {
          await admin.describeCluster();
        },
        consumer: async () => consumerRunning(messaging),
      },
    });
    app.register(deadLetterRoutes, {
      db: db as NodePgDatabase<Record<string, unknown>>,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      inbox: messaging.inbox,
    });
    app.register(outboxRoutes, {
      db: db as NodePgDatabase<Record<string, unknown>>,
      service: definition.name,
    });
    await app.register(async (scoped) => definition.routes(scoped as HttpServer, dependencies));
    await app.listen({ host: env.HOST, port: env.PORT });
    cleanups.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : env.PORT;
    const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
    log.info({ url, tokenKey: verification.source }, `${definition.name} service started`);
    let stopping: Promise<void> | undefined;
    return {
      ...dependencies,
      app,
      url,
      metricsUrl: metricsServer?.url ?? `${url}/metrics`,
      registry: metrics.registry,
      messaging,
      stop: () => {
        stopping ??= cleanUp().then(() => log.info(`${definition.name} service stopped`));
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
