import { context, type Tracer, trace } from '@opentelemetry/api';
import { storedContext } from '@sagaflow/outbox';
import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import { orderSagas, orders } from '../db/schema.js';
import { applySagaEvent } from '../runner/apply-event.js';
import type { OrderDatabase, SagaRuntime } from '../runner/runtime.js';

/**
 * Fires missed deadlines. They live in Postgres, so a deadline that passed while
 * the service was down fires on the first poll after it starts. Each saga is
 * advanced in its own transaction, claimed with SKIP LOCKED: several instances
 * share the work, and a saga busy with a reply is left to the next poll.
 */
export class DeadlineScheduler {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: OrderDatabase,
    private readonly runtime: SagaRuntime,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly tracer: Tracer = trace.getTracer('@sagaflow/order'),
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  /** Fires every deadline due now; returns how many fired. */
  async fireDue(): Promise<number> {
    let fired = 0;
    while (!this.stopping && (await this.fireOne())) fired += 1;
    return fired;
  }

  private async fireOne(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const now = this.runtime.now();
      const [due] = await tx
        .select({
          orderId: orderSagas.orderId,
          deadlineAt: orderSagas.deadlineAt,
          traceparent: orders.traceparent,
        })
        .from(orderSagas)
        .innerJoin(orders, eq(orders.id, orderSagas.orderId))
        .where(and(isNotNull(orderSagas.deadlineAt), lte(orderSagas.deadlineAt, now)))
        .orderBy(asc(orderSagas.deadlineAt))
        .limit(1)
        .for('update', { of: orderSagas, skipLocked: true });
      if (due === undefined) return false;
      // In the order's own trace: what the deadline sends (compensations) belongs to that saga.
      const parent = storedContext(due.traceparent === null ? {} : { traceparent: due.traceparent });
      const span = this.tracer.startSpan(
        'saga deadline',
        { attributes: { 'sagaflow.order_id': due.orderId } },
        parent,
      );
      try {
        const applied = await context.with(trace.setSpan(parent, span), () =>
          applySagaEvent(
            tx,
            due.orderId,
            { type: 'DeadlineExpired', at: now.toISOString() },
            { actor: 'deadline', reason: `deadline ${due.deadlineAt?.toISOString()} passed` },
            this.runtime,
          ),
        );
        this.logger.info({ orderId: due.orderId, ...applied }, 'deadline fired');
      } finally {
        span.end();
      }
      return true;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.fireDue();
      } catch (error) {
        this.logger.error({ err: error }, 'firing deadlines failed; retrying at the next poll');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
