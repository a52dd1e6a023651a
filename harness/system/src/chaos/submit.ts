import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { SystemClient } from '../client/client.js';
import { HttpError } from '../client/http.js';
import type { SubmittedSaga } from './books.js';
import type { SagaKind } from './plan.js';
import { orderFor } from './workload.js';

export interface SubmitOptions {
  /** One per instance of the order service: sagas go to each in turn, and a retry to the next. */
  clients: readonly SystemClient[];
  kinds: readonly SagaKind[];
  ratePerSecond: number;
  runId: string;
  /** How long one saga keeps retrying its POST before the run counts it as refused. */
  giveUpAfterMs: number;
  logger: Logger;
}

/**
 * Sends one POST /orders every 1/rate seconds whatever happens to earlier ones (an
 * open loop, so a stalled service meets a growing queue, as in production). A POST
 * that fails — connection refused while the service restarts, a timeout, a 5xx —
 * is retried with the same Idempotency-Key, as a careful client would, on the next
 * instance when there are several, as a load balancer would.
 */
export async function submitSagas(
  options: SubmitOptions,
): Promise<{ sagas: SubmittedSaga[]; retries: number }> {
  const { clients, kinds, ratePerSecond, runId, logger } = options;
  const startedAt = Date.now();
  let retries = 0;
  const submitOne = async (kind: SagaKind, index: number): Promise<SubmittedSaga> => {
    const dueAt = startedAt + (index * 1000) / ratePerSecond;
    await sleep(Math.max(0, dueAt - Date.now()));
    const key = `chaos-${runId}-${index}`;
    const body = orderFor(kind, index);
    const deadline = Date.now() + options.giveUpAfterMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const client = clients[(index + attempt - 1) % clients.length] as SystemClient;
        const placed = await client.placeOrder(body, key);
        return { index, kind, orderId: placed.id };
      } catch (error) {
        const status = error instanceof HttpError ? error.status : undefined;
        if ((status !== undefined && status < 500 && status !== 429) || Date.now() > deadline) {
          logger.error({ err: error, index, attempt }, 'order refused; the saga is counted as not accepted');
          return { index, kind, orderId: null };
        }
        retries += 1;
        await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
      }
    }
  };
  const sagas = await Promise.all(kinds.map((kind, index) => submitOne(kind, index)));
  return { sagas, retries };
}
