import { OrderId } from '@sagaflow/contracts';
import {
  auditActor,
  bodyProblems,
  type HttpServer,
  OperatorReasonBody,
  ProblemError,
  principalOf,
  problemAnswers,
} from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import { applySagaEvent } from '../runner/apply-event.js';
import type { OrderDatabase, SagaRuntime } from '../runner/runtime.js';
import type { SagaEvent } from '../saga/events.js';

const OperatorResult = Type.Object({
  id: OrderId,
  from: Type.String(),
  to: Type.String(),
  outcome: Type.String(),
});

const operatorEvents = {
  retry: 'RetryStep',
  compensate: 'ForceCompensation',
  resolve: 'Resolve',
} as const satisfies Record<string, SagaEvent['type']>;

/**
 * Operator controls. Every attempt is audited on the timeline with who and why,
 * also one the saga's state refuses: that is recorded, then answered 409.
 */
export async function adminRoutes(
  app: HttpServer,
  options: { db: OrderDatabase; runtime: SagaRuntime },
): Promise<void> {
  const { db, runtime } = options;
  for (const [action, eventType] of Object.entries(operatorEvents)) {
    app.post(
      `/admin/orders/:id/${action}`,
      {
        config: { access: ['operator'] },
        schema: {
          params: Type.Object({ id: OrderId }),
          body: OperatorReasonBody,
          response: { 200: OperatorResult, ...problemAnswers(403, 404, 409, 414), ...bodyProblems },
        },
      },
      async (request) => {
        const { id } = request.params;
        const actor = auditActor(principalOf(request).subject);
        const { reason } = request.body;
        const applied = await db.transaction((tx) =>
          applySagaEvent(
            tx,
            id,
            { type: eventType, actor, reason, at: runtime.now().toISOString() },
            { actor: `operator:${actor}`, reason },
            runtime,
          ),
        );
        if (applied === undefined) throw new ProblemError(404, 'Order not found', `No order has id ${id}`);
        request.log.info({ orderId: id, actor, reason, action, ...applied }, 'operator action');
        if (applied.outcome === 'ignored') {
          throw new ProblemError(
            409,
            'Not allowed in this state',
            `the saga is ${applied.from}, which does not accept ${eventType}; the attempt is on the timeline`,
          );
        }
        return { id, ...applied };
      },
    );
  }
}
