import { everyRouteProblems, type HttpServer, ProblemError, problemAnswers } from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import { listOverdueOrders } from '../orders/overdue.js';
import { OrderList } from '../orders/schemas.js';
import { listOrders } from '../orders/view.js';
import type { OrderDatabase, SagaRuntime } from '../runner/runtime.js';
import { machineGraph } from '../saga/diagram.js';
import { sagaMachine, sagaMachines } from '../saga/versions.js';

const MachineGraphView = Type.Object({
  version: Type.Integer(),
  initial: Type.String(),
  states: Type.Array(
    Type.Object({ name: Type.String(), terminal: Type.Boolean(), tags: Type.Array(Type.String()) }),
  ),
  transitions: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), event: Type.String() })),
});

const operatorOnly = { access: ['operator'] } as const;

/** What an operator reads to find sagas that need them, and the machine they run on. */
export async function sagaRoutes(
  app: HttpServer,
  options: { db: OrderDatabase; runtime: SagaRuntime },
): Promise<void> {
  const { db, runtime } = options;

  app.get(
    '/saga/machine',
    {
      config: operatorOnly,
      schema: {
        summary: 'The saga machine as states and transitions (the current version, or ?version=)',
        querystring: Type.Object(
          { version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: MachineGraphView, ...problemAnswers(400, 404), ...everyRouteProblems },
      },
    },
    async (request) => {
      const version = request.query.version ?? runtime.machineVersion;
      if (sagaMachines[version] === undefined)
        throw new ProblemError(
          404,
          'Unknown machine version',
          `saga machine version ${version} is not deployed here (known: ${Object.keys(sagaMachines).join(', ')})`,
        );
      return machineGraph(sagaMachine(version), version);
    },
  );

  app.get(
    '/admin/sagas/parked',
    {
      config: operatorOnly,
      schema: {
        summary: 'Sagas waiting for an operator: a compensation kept failing',
        response: { 200: OrderList, ...everyRouteProblems },
      },
    },
    async () => listOrders(db, { status: 'compensationFailed', limit: 200 }),
  );

  app.get(
    '/admin/sagas/overdue',
    {
      config: operatorOnly,
      schema: {
        summary: 'Sagas past their deadline that no timer has moved on yet, most overdue first',
        response: { 200: OrderList, ...everyRouteProblems },
      },
    },
    async () => listOverdueOrders(db, runtime.now(), 200),
  );
}
