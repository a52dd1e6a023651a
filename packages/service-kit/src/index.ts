export { assertNever } from './assert-never.js';
export {
  type Access,
  type AuthEnv,
  authEnvProperties,
  authentication,
  bearerSecurity,
  createTokenVerifier,
  isPublicPath,
  type Principal,
  principalOf,
  type Role,
  type RouteAccess,
  roles,
  type TokenVerification,
  type TokenVerifier,
  tokenVerificationFrom,
  UndeclaredAccessError,
} from './auth/index.js';
export * from './cli/index.js';
export {
  brokerList,
  type CommonEnv,
  ConfigError,
  commonEnvProperties,
  LogLevel,
  loadEnv,
  serviceEnv,
} from './config/env.js';
export { afterCommit, withCommitHooks } from './database/after-commit.js';
export {
  migrateDatabase,
  openDatabase,
  type ServiceDatabase,
  type ServiceDb,
  type ServiceTransaction,
} from './database/database.js';
export { type DeadLetterRoutesOptions, deadLetterRoutes } from './dead-letters/routes.js';
export { auditActor, auditText, OperatorReasonBody } from './http/audit.js';
export { healthRoutes, type ReadinessCheck } from './http/health.js';
export { type OpenApiOptions, openApiDocs, openApiDocumentPath, undocumented } from './http/openapi.js';
export {
  type FieldProblem,
  ProblemError,
  ProblemSchema,
  problemDetails,
  sendProblem,
} from './http/problem.js';
export {
  bodyProblems,
  everyRouteProblems,
  type ProblemAnswer,
  type ProblemStatus,
  problemAnswers,
} from './http/problem-answers.js';
export { createHttpServer, type HttpServer, type HttpServerOptions } from './http/server.js';
export { useStrictValidation } from './http/validation.js';
export { createKafka } from './kafka/kafka.js';
export { type RunOptions, runService } from './lifecycle/run.js';
export {
  type BatchMessageHandler,
  type MessageContext,
  type MessageHandler,
  type MessageHandling,
  type Messaging,
  type ReceivedMessage,
  startMessaging,
} from './messaging/messaging.js';
export {
  type MessageSink,
  type MessageSinkFactory,
  type OpenSink,
  openOutboxSink,
  outboxSink,
  type SinkContext,
} from './messaging/sink.js';
export { createLogger, kafkaLogCreator, traceFields } from './observability/logger.js';
export { createServiceMetrics, type ServiceMetrics } from './observability/metrics.js';
export { consumerLag, type PartitionLag } from './observability/metrics-consumer-lag.js';
export { httpMetrics, metricsRoute } from './observability/metrics-http.js';
export { exportRequested, startTracing, type Tracing } from './observability/tracing.js';
export { type OutboxRoutesOptions, outboxRoutes } from './outbox-routes/routes.js';
export {
  outboxPruneTasks,
  type Pruner,
  type PrunerOptions,
  type PruneTask,
  startPruner,
} from './retention/pruner.js';
export {
  type BackgroundTask,
  defineService,
  type RunningService,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceFactory,
  type StartOptions,
  startService,
} from './service.js';
