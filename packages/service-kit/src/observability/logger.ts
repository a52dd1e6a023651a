import type { logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import { type Logger, pino } from 'pino';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function isLogLevel(level: string | undefined): level is (typeof logLevels)[number] {
  return (logLevels as readonly (string | undefined)[]).includes(level);
}

export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, base: { service } });
}

/** Routes kafkajs's own log lines through pino, below our own at the same level. */
export function kafkaLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return (_level: KafkaLogLevel) =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      // kafkajs levels: 1 error, 2 warn, 4 info, 5 debug; its info lines are chatter for us.
      if (level <= 1) kafkaLogger.error(rest, message);
      else if (level === 2) kafkaLogger.warn(rest, message);
      else kafkaLogger.debug(rest, message);
    };
}
