import { type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

/** Routes kafkajs's own log lines through pino, so every line of a service has one format. */
export function kafkajsLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (level === logLevel.ERROR) kafkaLogger.error(extra, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(extra, message);
      else if (level === logLevel.INFO) kafkaLogger.info(extra, message);
      else kafkaLogger.debug(extra, message);
    };
}
