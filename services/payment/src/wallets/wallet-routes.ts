import { Cents, CustomerId, OrderId } from '@sagaflow/contracts';
import {
  assertNever,
  bodyProblems,
  everyRouteProblems,
  type HttpServer,
  ProblemError,
  problemAnswers,
} from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentDatabase } from '../db/database.js';
import { entryKinds, type PaymentRow, paymentFailureReasons, paymentStatuses } from '../db/schema.js';
import { maxCreditedCents, type RecordedCredit } from './credit-decisions.js';
import { type CreditOutcome, creditWallet } from './credit-store.js';
import { findPayment, findWallet, listEntries } from './wallet-store.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));

const WalletView = Type.Object({
  customerId: Type.String(),
  balanceCents: Type.Integer(),
  creditedCents: Type.Integer(),
  chargedCents: Type.Integer(),
  refundedCents: Type.Integer(),
});

/** The top-up's idempotency key: the caller's name for it, unique across all wallets. */
const CreditReference = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]*$',
});

const CreditBody = Type.Object(
  { amountCents: Type.Integer({ minimum: 1, maximum: Cents.maximum }), reference: CreditReference },
  { additionalProperties: false },
);

const CreditView = Type.Object({
  entryId: Type.String(),
  customerId: Type.String(),
  reference: Type.String(),
  amountCents: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
});

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
      /** Null for a top-up. */
      orderId: Type.Union([Type.String(), Type.Null()]),
      /** The top-up's reference; null for an order's line. */
      reference: Type.Union([Type.String(), Type.Null()]),
      kind: literals(entryKinds),
      amountCents: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

const CustomerParams = Type.Object({ customerId: CustomerId }, { additionalProperties: false });
const maxEntriesPerPage = 1_000;

/** Wallet top-ups, and read-only views of wallets, payments and the ledger. */
export async function walletRoutes(app: HttpServer, { db }: { db: PaymentDatabase }): Promise<void> {
  app.post(
    '/wallets/:customerId/credits',
    {
      config: { access: ['operator'] },
      schema: {
        params: CustomerParams,
        body: CreditBody,
        response: {
          200: CreditView,
          201: CreditView,
          ...problemAnswers(409, 414, 422),
          ...bodyProblems,
        },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const { amountCents, reference } = request.body;
      const outcome = await creditWallet(db, { customerId, amountCents, reference }, uuidv7);
      switch (outcome.action) {
        case 'credited':
          request.log.info({ customerId, amountCents, reference }, 'wallet credited');
          return reply
            .code(201)
            .header('location', `/wallets/${customerId}`)
            .send(creditView(outcome.credit));
        case 'repeat':
          request.log.info({ customerId, amountCents, reference }, 'credit already made; repeating');
          return reply.code(200).send(creditView(outcome.credit));
        case 'refuse':
          throw creditRefused(outcome, reference);
        default:
          return assertNever(outcome);
      }
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

function creditRefused(
  refusal: Extract<CreditOutcome, { action: 'refuse' }>,
  reference: string,
): ProblemError {
  switch (refusal.reason) {
    case 'reference_reused': {
      const { customerId, amountCents } = refusal.credit;
      const message = `was already used to credit ${amountCents} cents to ${customerId}`;
      return new ProblemError(409, 'Credit reference reused', `Reference '${reference}' ${message}`, [
        { field: 'body.reference', message },
      ]);
    }
    case 'limit_exceeded':
      return new ProblemError(
        422,
        'Wallet credit limit exceeded',
        `The wallet was credited ${refusal.creditedCents} cents; it may be credited at most ${maxCreditedCents} in all`,
        [{ field: 'body.amountCents', message: 'would take the wallet past its credit limit' }],
      );
    default:
      return assertNever(refusal);
  }
}

function creditView(credit: RecordedCredit) {
  return {
    entryId: credit.entryId,
    customerId: credit.customerId,
    reference: credit.reference,
    amountCents: credit.amountCents,
    at: credit.at.toISOString(),
  };
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
