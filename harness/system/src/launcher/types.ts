import type { StackInfo } from '@sagaflow/devstack';
import type { LocalAuth } from '@sagaflow/testkit';
import type { Logger } from 'pino';

export const serviceNames = ['inventory', 'payment', 'order'] as const;
export type ServiceName = (typeof serviceNames)[number];

/** `outbox`, the product; `dual-write`, the baseline chaos and bench measure it against. */
export const messagingModes = ['outbox', 'dual-write'] as const;
export type MessagingMode = (typeof messagingModes)[number];

export interface LaunchOptions {
  /** Use this stack (e.g. a test's `inject('devstack')`); otherwise `startDevstack()` resolves one. */
  stack?: StackInfo;
  logger?: Logger;
  /** Prepended to the three database names; they are dropped and created afresh. */
  databasePrefix?: string;
  /** Prepended to every topic and consumer group (KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
  /** Where `<service>.log` files go; default `.tmp/logs` in the repository. */
  logDir?: string;
  /** LOG_LEVEL of the services; default `info`. */
  logLevel?: string;
  /** Env for every service, then per service; wins over the launcher's own values. */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Node flags per service, before its entry (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  execArgv?: Partial<Record<ServiceName, readonly string[]>>;
  /**
   * Processes per service, all on the service's one database and consumer group:
   * what a user does first when one instance is not enough. Default 1.
   */
  instances?: number;
  /** The key the services verify tokens with, and the tokens' minter; default a fresh one per launch. */
  auth?: LocalAuth;
  /** Fixed ports of each service's first instance; a free one is picked for the rest. */
  ports?: Partial<Record<ServiceName, number>>;
  /** How long each service gets to answer `/ready` with 200. */
  readyTimeoutMs?: number;
  /**
   * `dual-write` runs each service through the baseline's entry (harness/baselines)
   * instead of its own main; default `outbox`.
   */
  messaging?: MessagingMode;
  /**
   * Entry module per service, relative to the repository; by default the compiled
   * `services/<name>/dist/main.js` (so build first). A .ts entry runs through tsx.
   */
  entries?: Partial<Record<ServiceName, string>>;
}

export type ServiceUrls = Record<ServiceName, string>;
