import { Cents, CustomerId, OrderId } from '@sagaflow/contracts';
import {
  bodyProblems,
  everyRouteProblems,
  type HttpServer,
  ProblemError,
  problemAnswers,
} from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import type { PaymentDatabase } from '../db/database.js';
import { entryKinds, type PaymentRow, paymentFailureReasons, paymentStatuses } from '../db/schema.js';
import { findPayment, findWallet, listEntries, setBalance } from './wallet-store.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));

const WalletView = Type.Object({ customerId: Type.String(), balanceCents: Type.Integer() });

const PaymentView = Type.Object({
  orderId: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  status: literals(paymentStatuses),
  amountCents: Type.Integer(),
  refundedCents: Type.Integer(),
  paymentId: Type.String(),
  failureReason: Type.Union([literals(paymentFailureReasons), Type.Null()]),
});

const EntriesView = Type.Object({
  customerId: Type.String(),
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      orderId: Type.String(),
      kind: literals(entryKinds),
      amountCents: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

const CustomerParams = Type.Object({ customerId: CustomerId }, { additionalProperties: false });
const maxEntriesPerPage = 1_000;

/** Wallet seeding for demos, and read-only views of payments and the ledger. */
export async function walletRoutes(app: HttpServer, { db }: { db: PaymentDatabase }): Promise<void> {
  app.put(
    '/wallets/:customerId',
    {
      config: { access: ['operator'] },
      schema: {
        params: CustomerParams,
        body: Type.Object({ balanceCents: Cents }, { additionalProperties: false }),
        response: { 200: WalletView, ...problemAnswers(414), ...bodyProblems },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { balanceCents } = request.body;
      await setBalance(db, { customerId, balanceCents });
      request.log.info({ customerId, balanceCents }, 'wallet balance set');
      return { customerId, balanceCents };
    },
  );

  app.get(
    '/wallets/:customerId',
    {
      config: { access: ['operator'] },
      schema: {
        params: CustomerParams,
        response: { 200: WalletView, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const wallet = await findWallet(db, customerId);
      if (wallet === undefined) throw walletNotFound(customerId);
      return wallet;
    },
  );

  app.get(
    '/wallets/:customerId/entries',
    {
      config: { access: ['operator'] },
      schema: {
        params: CustomerParams,
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: maxEntriesPerPage, default: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: EntriesView, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const entries = await listEntries(db, customerId, request.query.limit);
      if (entries === undefined) throw walletNotFound(customerId);
      return { customerId, entries: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
    },
  );

  app.get(
    '/payments/:orderId',
    {
      config: { access: ['operator'] },
      schema: {
        params: Type.Object({ orderId: OrderId }, { additionalProperties: false }),
        response: { 200: PaymentView, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const payment = await findPayment(db, orderId);
      if (payment === undefined)
        throw new ProblemError(404, 'Payment not found', `No payment is recorded for order ${orderId}`);
      return paymentView(payment);
    },
  );
}

function walletNotFound(customerId: string): ProblemError {
  return new ProblemError(404, 'Wallet not found', `Customer ${customerId} has no wallet`);
}

function paymentView(payment: PaymentRow) {
  return {
    orderId: payment.orderId,
    customerId: payment.customerId,
    status: payment.status,
    amountCents: payment.amountCents,
    refundedCents: payment.refundedCents,
    paymentId: payment.paymentId,
    failureReason: payment.failureReason,
  };
}
