import {
  bodyProblems,
  everyRouteProblems,
  type HttpServer,
  ProblemError,
  principalOf,
  problemAnswers,
} from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';
import { v7 as uuidv7 } from 'uuid';
import type { OrderDatabase, SagaRuntime } from '../runner/runtime.js';
import { orderingCustomer, readableCustomer } from './ownership.js';
import { placeOrder } from './place-order.js';
import {
  IdempotencyHeaders,
  ListOrdersQuery,
  OrderIdParams,
  OrderList,
  OrderView,
  PlacedOrder,
  PlaceOrderBody,
} from './schemas.js';
import { listOrders, readOrderView } from './view.js';

export interface OrderRoutesOptions {
  db: OrderDatabase;
  runtime: SagaRuntime;
  newId?: () => string;
}

function refuseDuplicateSkus(items: Static<typeof PlaceOrderBody>['items']): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.sku);
    if (first !== undefined) {
      const field = `body.items.${index}.sku`;
      const message = `repeats the sku of items.${first}; put the whole quantity on one line`;
      throw new ProblemError(400, 'Invalid request', `${field} ${message}`, [{ field, message }]);
    }
    seen.set(item.sku, index);
  });
}

export async function orderRoutes(app: HttpServer, options: OrderRoutesOptions): Promise<void> {
  const { db, runtime } = options;
  const newId = options.newId ?? (() => uuidv7());

  app.post(
    '/orders',
    {
      config: { access: ['customer'] },
      schema: {
        body: PlaceOrderBody,
        headers: IdempotencyHeaders,
        response: { 202: PlacedOrder, ...problemAnswers(422), ...bodyProblems },
      },
    },
    async (request, reply) => {
      refuseDuplicateSkus(request.body.items);
      const customerId = orderingCustomer(principalOf(request), request.body.customerId);
      const idempotencyKey = request.headers['idempotency-key'];
      const result = await placeOrder(
        db,
        {
          customerId,
          items: request.body.items,
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        },
        { newId },
        runtime,
      );
      if (result.kind === 'keyReused') {
        throw new ProblemError(
          422,
          'Idempotency key reused',
          `Idempotency-Key '${idempotencyKey}' was first used with a different body`,
          [{ field: 'headers.idempotency-key', message: 'was already used with a different body' }],
        );
      }
      request.log.info(
        { orderId: result.id, correlationId: result.id, replayed: result.kind === 'replayed' },
        'order accepted',
      );
      return reply
        .code(202)
        .header('location', `/orders/${result.id}`)
        .send({ id: result.id, status: result.status as Static<typeof PlacedOrder>['status'] });
    },
  );

  app.get(
    '/orders/:id',
    {
      config: { access: ['customer', 'operator'] },
      schema: {
        params: OrderIdParams,
        response: { 200: OrderView, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const view = await readOrderView(db, request.params.id, runtime.timeouts);
      const customer = readableCustomer(principalOf(request));
      // Another customer's order is answered as no order at all, so ids reveal nothing.
      if (view === undefined || (customer !== undefined && view.order.customerId !== customer))
        throw new ProblemError(404, 'Order not found', `No order has id ${request.params.id}`);
      return view;
    },
  );

  app.get(
    '/orders',
    {
      config: { access: ['customer', 'operator'] },
      schema: {
        querystring: ListOrdersQuery,
        response: { 200: OrderList, ...problemAnswers(400), ...everyRouteProblems },
      },
    },
    async (request) =>
      listOrders(db, request.query, readableCustomer(principalOf(request)) ?? request.query.customerId),
  );
}
