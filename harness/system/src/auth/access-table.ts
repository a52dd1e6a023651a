import type { Role } from '@sagaflow/service-kit';
import type { ServiceName } from '../launcher/types.js';

/**
 * Who may call each route of the three services: the specification the route
 * access suite holds the services to, and the table in the README. A route a
 * service registers that is not here (public probes, metrics and /docs aside)
 * fails the suite, and so does a route here that no service registers.
 * HEAD routes fastify adds to a GET have the GET's access.
 */
/** Every service's operator routes over its outbox, its messages and its dead letters (the service kit's). */
const deadLetterRoutes = {
  'GET /outbox': ['operator'],
  'GET /messages': ['operator'],
  'GET /dead-letters': ['operator'],
  'GET /dead-letters/:id': ['operator'],
  'POST /dead-letters/:id/resolve': ['operator'],
  'POST /dead-letters/:id/replay': ['operator'],
  'POST /dead-letters/:id/discard': ['operator'],
  'POST /dead-letters/replay': ['operator'],
  'POST /dead-letters/discard': ['operator'],
} as const satisfies Record<string, readonly Role[]>;

export const accessTable: Record<ServiceName, Record<string, readonly Role[]>> = {
  order: {
    ...deadLetterRoutes,
    'POST /orders': ['customer'],
    'GET /orders': ['customer', 'operator'],
    'GET /orders/:id': ['customer', 'operator'],
    'POST /admin/orders/:id/retry': ['operator'],
    'POST /admin/orders/:id/compensate': ['operator'],
    'POST /admin/orders/:id/resolve': ['operator'],
    'GET /admin/sagas/parked': ['operator'],
    'GET /admin/sagas/overdue': ['operator'],
    'GET /saga/machine': ['operator'],
  },
  inventory: {
    ...deadLetterRoutes,
    'PUT /catalog/:sku': ['operator'],
    'GET /catalog': ['customer', 'operator'],
    'GET /catalog/:sku': ['customer', 'operator'],
    'GET /reservations/:orderId': ['operator'],
  },
  payment: {
    ...deadLetterRoutes,
    'POST /wallets/:customerId/credits': ['operator'],
    'GET /wallets/:customerId': ['operator'],
    'GET /wallets/:customerId/entries': ['operator'],
    'GET /payments/:orderId': ['operator'],
  },
};

/**
 * Routes served to anyone beyond the kit's own probes, metrics and /docs: the
 * console's pages, whose every data call carries a token. A route that declares
 * itself public and is not here fails the suite.
 */
export const declaredPublic: Record<ServiceName, readonly string[]> = {
  order: ['GET /console', 'GET /console/config.json', 'GET /console/*'],
  inventory: [],
  payment: [],
};

/** The roles a route of the table needs; a HEAD route, its GET's. */
export function expectedRoles(
  service: ServiceName,
  method: string,
  url: string,
): readonly Role[] | undefined {
  return accessTable[service][`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
