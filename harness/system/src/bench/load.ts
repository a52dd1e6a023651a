import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompletionTracker, SagaEnd } from './tracker.js';

/** One saga of a phase, filled in as its POST answers and its end is seen. */
export interface SagaRecord {
  /** Epoch ms the POST was due (open loop) or sent (closed loop): where latency starts. */
  startAt: number;
  /** Epoch ms the POST actually went out; later than startAt when the generator fell behind. */
  sentAt: number;
  /** POST → 202, ms. */
  postMs?: number;
  id?: string;
  error?: string;
  end?: SagaEnd;
}

/** Epoch milliseconds with sub-millisecond resolution, anchored to the wall clock once per phase. */
export function phaseClock(): () => number {
  // The monotonic clock may drift from the wall clock the services stamp with; a phase is short.
  const anchor = Date.now() - performance.now();
  return () => anchor + performance.now();
}

export const benchSku = (index: number) => `bench-sku-${index}`;
export const benchCustomer = (index: number) => `bench-customer-${index}`;

/**
 * POST /orders over kept-alive connections (node:http, cheaper per request than
 * fetch): one line of quantity 1, products and customers in turn, each customer
 * with its own token (minted before the run, so that no POST waits for one).
 */
export class OrderPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  private readonly url: URL;
  private next = 0;

  constructor(
    orderServiceUrl: string,
    /** The token of bench customer i, for each i of the catalog. */
    private readonly customerTokens: readonly string[],
  ) {
    this.url = new URL('/orders', orderServiceUrl);
  }

  place(): Promise<string> {
    const index = this.next++ % this.customerTokens.length;
    const body = JSON.stringify({
      customerId: benchCustomer(index),
      items: [{ sku: benchSku(index), quantity: 1 }],
    });
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${this.customerTokens[index]}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 202) {
              reject(new Error(`POST /orders answered ${res.statusCode}: ${text.slice(0, 200)}`));
              return;
            }
            try {
              resolve((JSON.parse(text) as { id: string }).id);
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('POST /orders: no answer in 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Sends one POST; resolves once it answered, with the saga's end to wait for
 * (boxed: a promise returned from then() would be waited for), or none if refused.
 */
function launch(
  poster: OrderPoster,
  tracker: CompletionTracker,
  record: SagaRecord,
  clock: () => number,
): Promise<{ ended: Promise<void> } | undefined> {
  return poster.place().then(
    (id) => {
      record.postMs = clock() - record.sentAt;
      record.id = id;
      return {
        ended: tracker.watch(id).then((end) => {
          record.end = end;
        }),
      };
    },
    (error: Error) => {
      record.error = error.message;
      return undefined;
    },
  );
}

export interface OpenLoopResult {
  records: SagaRecord[];
  /** Epoch ms the last POST was due: the end of the window in which load was offered. */
  stoppedAt: number;
  /** True when the backlog passed `maxInFlight` and the step was cut short. */
  stoppedEarly: boolean;
  /** Resolves when every POST has answered; ends keep arriving through the tracker. */
  answered: Promise<void>;
}

/**
 * Open loop: POSTs due at fixed intervals for `durationMs`, sent whether or not
 * earlier sagas have ended. A generator that falls behind sends late but keeps
 * each saga's due time as its start (no coordinated omission). Stops early once
 * more than `maxInFlight` sagas are unfinished: the step has then failed, and a
 * bigger backlog would only lengthen the drain before the next one. Resolves
 * after the last POST was sent.
 */
export async function openLoop(
  poster: OrderPoster,
  tracker: CompletionTracker,
  ratePerSec: number,
  durationMs: number,
  maxInFlight = Number.POSITIVE_INFINITY,
): Promise<OpenLoopResult> {
  const clock = phaseClock();
  const total = Math.round((ratePerSec * durationMs) / 1000);
  const intervalMs = 1000 / ratePerSec;
  const records: SagaRecord[] = [];
  const posts: Promise<unknown>[] = [];
  let finished = 0;
  const t0 = clock();
  let i = 0;
  let stoppedEarly = false;
  while (i < total) {
    const now = clock();
    while (i < total && t0 + i * intervalMs <= now) {
      const record: SagaRecord = { startAt: t0 + i * intervalMs, sentAt: now };
      records.push(record);
      const post = launch(poster, tracker, record, clock);
      posts.push(post);
      void post.then((sent) => {
        if (sent === undefined) finished += 1;
        else void sent.ended.then(() => (finished += 1));
      });
      i += 1;
    }
    if (i - finished > maxInFlight) {
      stoppedEarly = i < total;
      break;
    }
    if (i < total) await sleep(Math.max(0, t0 + i * intervalMs - clock()));
  }
  return {
    records,
    stoppedAt: t0 + (i - 1) * intervalMs,
    stoppedEarly,
    answered: Promise.all(posts).then(() => undefined),
  };
}

/**
 * Closed loop: `concurrency` clients, each POSTs, waits for its saga to end, then
 * starts the next, until `durationMs` is over. Resolves when every client's last
 * saga has ended, or was given up on after `maxWaitMs`.
 */
export async function closedLoop(
  poster: OrderPoster,
  tracker: CompletionTracker,
  concurrency: number,
  durationMs: number,
  maxWaitMs = 60_000,
): Promise<SagaRecord[]> {
  const clock = phaseClock();
  const deadline = clock() + durationMs;
  const records: SagaRecord[] = [];
  const client = async () => {
    while (clock() < deadline) {
      const now = clock();
      const record: SagaRecord = { startAt: now, sentAt: now };
      records.push(record);
      const ended = await launch(poster, tracker, record, clock);
      // A refused POST must not turn the client into a busy loop.
      if (ended === undefined) await sleep(100);
      else await Promise.race([ended.ended, sleep(maxWaitMs, undefined, { ref: false })]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return records;
}
