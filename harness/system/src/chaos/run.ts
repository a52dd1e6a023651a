import { join } from 'node:path';
import { topics } from '@sagaflow/contracts';
import type { KafkaInfo, StackInfo } from '@sagaflow/devstack';
import type { Logger } from 'pino';
import { sagaTimeoutEnv } from '../launcher/demo-env.js';
import { launchSystem, repoRoot, type System } from '../launcher/launcher.js';
import { type MessagingMode, serviceNames } from '../launcher/types.js';
import { type AuditResult, audit } from './audit.js';
import { startDuplicator } from './duplicator.js';
import { type FaultRecord, runFaults } from './faults.js';
import { planFaults, planSagas, seededRandom } from './plan.js';
import { injectPoison } from './poison.js';
import { type Quietness, waitForQuiet } from './quiet.js';
import { readBooks } from './read-books.js';
import { submitSagas } from './submit.js';
import { chaosWorkload, seedWorkload } from './workload.js';

export type { MessagingMode };

export interface ChaosOptions {
  mode: MessagingMode;
  sagas: number;
  ratePerSecond: number;
  /** Faults are spread over the submission time, or this long if that is shorter. */
  minFaultWindowMs: number;
  killsPerService: number;
  duplicateFraction: number;
  quietTimeoutMs: number;
  seed: number;
  stack: StackInfo;
  logger: Logger;
  /** The services' LOG_LEVEL. */
  logLevel: string;
  /** STOCK_TIMEOUT_MS and PAYMENT_TIMEOUT_MS of the order saga. */
  sagaTimeoutMs: number;
  /** Processes per service on shared databases and topics; default 1. */
  instances?: number;
  /** Single brokers to SIGKILL and restart; the stack must run three or more. */
  brokerKills?: number;
  /** Where the services' logs go; default .tmp/logs/chaos-<mode>. */
  logDir?: string;
  /** Progress lines for a human. */
  note: (line: string) => void;
}

export interface ChaosRun extends AuditResult {
  mode: MessagingMode;
  kafka: KafkaInfo;
  durationS: number;
  faults: FaultRecord[];
  duplicated: number;
  postRetries: number;
  quiet: Quietness;
  logDir: string;
}

/** One chaos run: launch, load and faults together, wait for quiet, audit the books. */
export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  const { mode, logger, note } = options;
  const startedAt = Date.now();
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const logDir = options.logDir ?? join(repoRoot, '.tmp', 'logs', `chaos-${mode}`);
  const system = await launchSystem({
    stack: options.stack,
    logger,
    logDir,
    logLevel: options.logLevel,
    databasePrefix: `sagaflow_chaos_${mode.replace('-', '_')}_${runId}_`,
    topicPrefix: `chaos-${mode}-${runId}.`,
    messaging: mode,
    instances: options.instances ?? 1,
    env: {
      ...sagaTimeoutEnv(options.sagaTimeoutMs),
      RATE_LIMIT_MAX: '0',
    },
  });
  try {
    return await underFire(system, options, runId, startedAt, logDir, note);
  } finally {
    await system.stop();
  }
}

async function underFire(
  system: System,
  options: ChaosOptions,
  runId: string,
  startedAt: number,
  logDir: string,
  note: (line: string) => void,
): Promise<ChaosRun> {
  const { logger } = options;
  const workload = chaosWorkload();
  await seedWorkload(system.client, workload);
  const random = seededRandom(options.seed);
  const kinds = planSagas(options.sagas, random);
  const submitMs = (options.sagas * 1000) / options.ratePerSecond;
  const windowMs = Math.max(submitMs, options.minFaultWindowMs);
  const plan = planFaults({
    windowMs,
    services: serviceNames,
    killsPerService: options.killsPerService,
    outages: 2,
    brokerKills: options.brokerKills ?? 0,
    brokerCount: system.stack.kafka.brokers,
    random,
  });
  const duplicator = await startDuplicator({
    brokers: system.stack.kafkaBrokers,
    topics: [topics.orderSagaReplies, topics.inventoryCommands, topics.paymentCommands].map(
      (topic) => system.topicPrefix + topic,
    ),
    groupId: `${system.topicPrefix}chaos-duplicator`,
    fraction: options.duplicateFraction,
    random: seededRandom(options.seed + 1),
    logger,
  });
  note(
    `${options.mode}: ${options.sagas} sagas at ${options.ratePerSecond}/s; ${plan.length} faults over ${Math.round(windowMs / 1000)} s`,
  );
  const loadStartedAt = Date.now();
  try {
    const [submitted, faults, poisonKeys] = await Promise.all([
      submitSagas({
        clients: system.clients,
        kinds,
        ratePerSecond: options.ratePerSecond,
        runId,
        giveUpAfterMs: 120_000,
        logger,
      }),
      runFaults(system, plan, loadStartedAt, logger),
      injectPoison(system.stack.kafkaBrokers, system.topicPrefix, runId),
    ]);
    note(
      `${options.mode}: load and faults done after ${Math.round((Date.now() - loadStartedAt) / 1000)} s; waiting for quiet`,
    );
    const quiet = await waitForQuiet(system, options.quietTimeoutMs);
    note(
      `${options.mode}: ${quiet.quiet ? 'quiet' : `not quiet (${quiet.last})`} after ${Math.round(quiet.waitedMs / 1000)} s; auditing`,
    );
    const books = await readBooks(system);
    const result = audit(books, {
      sagas: submitted.sagas,
      initialStock: new Map(workload.products.map((product) => [product.sku, product.onHand])),
      seededCredits: new Map(workload.wallets.map((wallet) => [wallet.customerId, wallet.creditCents])),
      injectedPoisonKeys: new Set(poisonKeys),
    });
    return {
      mode: options.mode,
      kafka: system.stack.kafka,
      ...result,
      durationS: Math.round((Date.now() - startedAt) / 1000),
      faults,
      duplicated: duplicator.duplicated,
      postRetries: submitted.retries,
      quiet,
      logDir,
    };
  } finally {
    await duplicator.stop();
  }
}
