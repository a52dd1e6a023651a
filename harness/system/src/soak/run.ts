import { setTimeout as sleep } from 'node:timers/promises';
import type { StackInfo } from '@sagaflow/devstack';
import { KafkaPeer } from '@sagaflow/testkit';
import pg from 'pg';
import type { Logger } from 'pino';
import { benchCustomer, benchSku, OrderPoster } from '../bench/load.js';
import { launchSystem, type System } from '../launcher/launcher.js';
import { serviceNames } from '../launcher/types.js';
import type { SoakArgs } from './args.js';
import { handleDeadLetters, sendPoison } from './dead-letters.js';
import { type TableSample, type TableVerdict, tableVerdicts } from './flatness.js';
import { sampleSizes } from './sizes.js';

export interface SoakReport {
  minutes: number;
  rate: number;
  retentionS: number;
  pruneIntervalS: number;
  placed: number;
  refused: number;
  sagasByStatus: Record<string, number>;
  /** From here on the samples count for the verdict: retention and two pruning intervals in. */
  steadyFromS: number;
  tables: TableVerdict[];
  flat: boolean;
  samples: TableSample[];
}

const catalogSize = 50;
/** Poison records sent to each consumed topic before each sample. */
const poisonPerTopic = 3;

/** The system at a steady rate for `minutes`, with the table sizes sampled every `sampleS`. */
export async function runSoak(
  args: SoakArgs,
  stack: StackInfo,
  logger: Logger,
  say: (line: string) => void,
  onSystem: (system: System) => void,
): Promise<SoakReport> {
  const retention = String(args.retentionS);
  const system = await launchSystem({
    stack,
    logger,
    logLevel: 'warn',
    databasePrefix: 'sagaflow_soak_',
    topicPrefix: `soak-${Date.now()}.`,
    env: {
      RATE_LIMIT_MAX: '0',
      INBOX_RETENTION_SECONDS: retention,
      PUBLICATION_RETENTION_SECONDS: retention,
      DEAD_LETTER_RETENTION_SECONDS: retention,
      RETENTION_INTERVAL_MS: String(Math.round(args.pruneIntervalS * 1000)),
    },
  });
  onSystem(system);
  const pools = serviceNames.map(
    (name) => [name, new pg.Pool({ connectionString: system.databaseUrls[name], max: 1 })] as const,
  );
  const orderPool = new pg.Pool({ connectionString: system.databaseUrls.order, max: 1 });
  const customerTokens = await Promise.all(
    Array.from({ length: catalogSize }, (_, index) => system.auth.customer(benchCustomer(index))),
  );
  const poster = new OrderPoster(system.urls.order, customerTokens);
  const operatorToken = await system.auth.operator('soak');
  const peer = new KafkaPeer(stack.kafkaBrokers, system.topicPrefix);
  try {
    await seed(system);
    say(`services up; ${args.rate} sagas/s for ${args.minutes} min, retention ${args.retentionS} s`);
    const samples: TableSample[] = [];
    const durationMs = args.minutes * 60_000;
    const t0 = Date.now();
    const sample = async () => {
      const atS = Math.round((Date.now() - t0) / 1000);
      const taken = (await Promise.all(pools.map(([name, pool]) => sampleSizes(pool, name, atS)))).flat();
      samples.push(...taken);
      say(
        `t=${atS}s ${taken.map((each) => `${each.service}.${each.table}=${each.rows}r/${Math.round(each.bytes / 1024)}KiB`).join(' ')}`,
      );
    };
    let sampling = true;
    const sampler = (async () => {
      for (let round = 0; sampling; round++) {
        await sendPoison(peer, poisonPerTopic, round);
        await sample();
        await Promise.all(serviceNames.map((name) => handleDeadLetters(system.urls[name], operatorToken)));
        await sleep(args.sampleS * 1000);
      }
    })();
    const counts = await steadyLoad(poster, args.rate, durationMs, logger);
    sampling = false;
    await sampler;
    await sample();
    const steadyFromS = args.retentionS + 2 * args.pruneIntervalS;
    const tables = tableVerdicts(samples, steadyFromS);
    return {
      minutes: args.minutes,
      rate: args.rate,
      retentionS: args.retentionS,
      pruneIntervalS: args.pruneIntervalS,
      ...counts,
      sagasByStatus: await sagasByStatus(orderPool),
      steadyFromS,
      tables,
      flat: tables.every((table) => table.flat),
      samples,
    };
  } finally {
    poster.close();
    await peer.close();
    await Promise.all([...pools.map(([, pool]) => pool.end()), orderPool.end()]);
    await system.stop();
  }
}

/** POSTs due every 1/rate s for `durationMs`, sent whether or not earlier ones answered. */
async function steadyLoad(
  poster: OrderPoster,
  rate: number,
  durationMs: number,
  logger: Logger,
): Promise<{ placed: number; refused: number }> {
  const t0 = Date.now();
  const total = Math.floor((rate * durationMs) / 1000);
  const posts: Promise<void>[] = [];
  let placed = 0;
  let refused = 0;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    posts.push(
      poster.place().then(
        () => {
          placed += 1;
        },
        (error: Error) => {
          refused += 1;
          logger.warn({ err: error }, 'POST /orders failed');
        },
      ),
    );
  }
  await Promise.all(posts);
  return { placed, refused };
}

async function seed(system: System): Promise<void> {
  for (let index = 0; index < catalogSize; index++) {
    await system.client.seedProduct(benchSku(index), {
      name: `Soak ${index}`,
      priceCents: 100,
      onHand: 100_000_000,
    });
    await system.client.seedWallet(benchCustomer(index), 1_000_000_000_000);
  }
}

async function sagasByStatus(orderPool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await orderPool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}
