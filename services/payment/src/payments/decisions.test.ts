import { describe, expect, it } from 'vitest';
import { decidePayment, decideRefund, type PaymentRecord } from './decisions.js';

const paymentId = '0190a1b2-0000-7000-8000-000000000001';

function record(overrides: Partial<PaymentRecord>): PaymentRecord {
  return {
    paymentId,
    status: 'charged',
    amountCents: 1_500,
    refundedCents: 0,
    failureReason: null,
    ...overrides,
  };
}

describe('decidePayment', () => {
  describe('given no payment for the order yet', () => {
    it('when the balance covers the amount, then it charges and says what is left', () => {
      expect(decidePayment(undefined, { balanceCents: 2_000 }, 1_500)).toEqual({
        action: 'charge',
        amountCents: 1_500,
        balanceAfterCents: 500,
      });
    });

    it('when the balance is exactly the amount, then it charges down to zero', () => {
      expect(decidePayment(undefined, { balanceCents: 1_500 }, 1_500)).toEqual({
        action: 'charge',
        amountCents: 1_500,
        balanceAfterCents: 0,
      });
    });

    it('when the balance is one cent short, then it refuses with insufficient_funds', () => {
      expect(decidePayment(undefined, { balanceCents: 1_499 }, 1_500)).toEqual({
        action: 'refuse',
        reason: 'insufficient_funds',
      });
    });

    it('when the customer has no wallet, then it refuses with wallet_not_found', () => {
      expect(decidePayment(undefined, undefined, 1_500)).toEqual({
        action: 'refuse',
        reason: 'wallet_not_found',
      });
    });

    it('when the amount is zero, then even an empty wallet is charged (nothing)', () => {
      expect(decidePayment(undefined, { balanceCents: 0 }, 0)).toEqual({
        action: 'charge',
        amountCents: 0,
        balanceAfterCents: 0,
      });
    });
  });

  describe('given the order was already charged', () => {
    it('when the same amount is asked again, then it repeats the same payment id and amount', () => {
      expect(decidePayment(record({}), { balanceCents: 10_000 }, 1_500)).toEqual({
        action: 'repeat',
        outcome: { type: 'PaymentProcessed', paymentId, amountCents: 1_500 },
        requestedAmountDiffers: false,
      });
    });

    it('when another amount is asked, then it still repeats the original charge and flags it', () => {
      expect(decidePayment(record({}), { balanceCents: 10_000 }, 999)).toEqual({
        action: 'repeat',
        outcome: { type: 'PaymentProcessed', paymentId, amountCents: 1_500 },
        requestedAmountDiffers: true,
      });
    });
  });

  describe('given the order was already refused', () => {
    it('when the wallet has since been filled, then it repeats the refusal', () => {
      const failed = record({ status: 'failed', failureReason: 'insufficient_funds' });
      expect(decidePayment(failed, { balanceCents: 1_000_000 }, 1_500)).toEqual({
        action: 'repeat',
        outcome: { type: 'PaymentFailed', reason: 'insufficient_funds' },
        requestedAmountDiffers: false,
      });
    });

    it('when the wallet has since been created, then it repeats wallet_not_found', () => {
      const failed = record({ status: 'failed', failureReason: 'wallet_not_found' });
      expect(decidePayment(failed, { balanceCents: 1_000_000 }, 1_500)).toMatchObject({
        action: 'repeat',
        outcome: { type: 'PaymentFailed', reason: 'wallet_not_found' },
      });
    });

    it('when the failed row lost its reason, then it throws rather than invent one', () => {
      expect(() => decidePayment(record({ status: 'failed' }), undefined, 1_500)).toThrow(
        /no failure reason/,
      );
    });
  });

  describe('given the order was refunded or voided', () => {
    it('when it was refunded, then it refuses with order_refunded', () => {
      const refunded = record({ status: 'refunded', refundedCents: 1_500 });
      expect(decidePayment(refunded, { balanceCents: 10_000 }, 1_500)).toEqual({
        action: 'repeat',
        outcome: { type: 'PaymentFailed', reason: 'order_refunded' },
        requestedAmountDiffers: false,
      });
    });

    it('when a refund came first and left a tombstone, then it refuses with order_refunded', () => {
      const voided = record({ status: 'voided', amountCents: 0 });
      expect(decidePayment(voided, { balanceCents: 10_000 }, 1_500)).toEqual({
        action: 'repeat',
        outcome: { type: 'PaymentFailed', reason: 'order_refunded' },
        requestedAmountDiffers: false,
      });
    });
  });
});

describe('decideRefund', () => {
  it('given no payment for the order, when refunded, then it voids the order', () => {
    expect(decideRefund(undefined)).toEqual({ action: 'void' });
  });

  it('given a charged order, when refunded, then it credits back the whole charge', () => {
    expect(decideRefund(record({}))).toEqual({ action: 'credit', amountCents: 1_500 });
  });

  it('given a charged order of zero, when refunded, then it credits zero', () => {
    expect(decideRefund(record({ amountCents: 0 }))).toEqual({ action: 'credit', amountCents: 0 });
  });

  it('given a refunded order, when refunded again, then it repeats the amount without crediting', () => {
    expect(decideRefund(record({ status: 'refunded', refundedCents: 1_500 }))).toEqual({
      action: 'repeat',
      refundedCents: 1_500,
    });
  });

  it('given a failed payment, when refunded, then nothing goes back', () => {
    const failed = record({ status: 'failed', failureReason: 'insufficient_funds' });
    expect(decideRefund(failed)).toEqual({ action: 'repeat', refundedCents: 0 });
  });

  it('given a voided order, when refunded again, then nothing goes back', () => {
    expect(decideRefund(record({ status: 'voided', amountCents: 0 }))).toEqual({
      action: 'repeat',
      refundedCents: 0,
    });
  });
});
