export {
  brokerList,
  type CommonEnv,
  ConfigError,
  commonEnvProperties,
  LogLevel,
  loadEnv,
  serviceEnv,
} from './config/env.js';
export { migrateDatabase, openDatabase, type ServiceDatabase } from './database/database.js';
export { healthRoutes, type ReadinessCheck } from './http/health.js';
export {
  type FieldProblem,
  ProblemError,
  ProblemSchema,
  problemDetails,
  sendProblem,
} from './http/problem.js';
export { createHttpServer, type HttpServer, type HttpServerOptions } from './http/server.js';
export { useStrictValidation } from './http/validation.js';
export { createKafka } from './kafka/kafka.js';
export { runUntilSignal } from './lifecycle/run.js';
export {
  type MessageContext,
  type MessageHandler,
  type Messaging,
  startMessaging,
} from './messaging/messaging.js';
export { createLogger, kafkaLogCreator } from './observability/logger.js';
export {
  type BackgroundTask,
  type RunningService,
  type ServiceDefinition,
  type ServiceDependencies,
  startService,
} from './service.js';
