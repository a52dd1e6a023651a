import { type Logger, pino } from 'pino';

export function defaultLogger(): Logger {
  return pino({ name: 'devstack', level: process.env.LOG_LEVEL ?? 'info' });
}
