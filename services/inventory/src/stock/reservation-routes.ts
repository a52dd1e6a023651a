import { OrderId, Quantity, Sku } from '@sagaflow/contracts';
import { everyRouteProblems, type HttpServer, ProblemError, problemAnswers } from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import type { InventoryDatabase } from '../db/database.js';
import { reservationStatuses } from '../db/schema.js';
import { readReservation } from './stock-store.js';

const ReservationSchema = Type.Object(
  {
    orderId: OrderId,
    status: Type.Union(reservationStatuses.map((status) => Type.Literal(status))),
    /** What the order holds or held; empty for a failed reservation or a tombstone. */
    lines: Type.Array(
      Type.Object(
        { sku: Sku, quantity: Quantity, unitPriceCents: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Read-only: for the demo, and for the audit that checks stock against reservations. */
export async function reservationRoutes(app: HttpServer, { db }: { db: InventoryDatabase }): Promise<void> {
  app.get(
    '/reservations/:orderId',
    {
      config: { access: ['operator'] },
      schema: {
        params: Type.Object({ orderId: OrderId }, { additionalProperties: false }),
        response: { 200: ReservationSchema, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const reservation = await readReservation(db, orderId);
      if (reservation === undefined) {
        throw new ProblemError(404, 'Unknown reservation', `Inventory has no record of order ${orderId}`);
      }
      return {
        orderId,
        status: reservation.status,
        lines: reservation.lines.map(({ sku, quantity, unitPriceCents }) => ({
          sku,
          quantity,
          unitPriceCents,
        })),
      };
    },
  );
}
