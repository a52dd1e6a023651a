import { describe, expect, it } from 'vitest';
import {
  type CreditRequest,
  decideCredit,
  maxCreditedCents,
  type RecordedCredit,
} from './credit-decisions.js';

const request: CreditRequest = { customerId: 'alice', reference: 'top-up-1', amountCents: 5_000 };

function recorded(overrides: Partial<RecordedCredit>): RecordedCredit {
  return {
    entryId: '0190a1b2-0000-7000-8000-000000000001',
    at: new Date('2026-01-01T00:00:00Z'),
    ...request,
    ...overrides,
  };
}

describe('decideCredit', () => {
  describe('given a reference never credited', () => {
    it('credits a new wallet', () => {
      expect(decideCredit(request, undefined, 0)).toEqual({ action: 'credit' });
    });

    it('credits up to the limit exactly', () => {
      expect(decideCredit(request, undefined, maxCreditedCents - request.amountCents)).toEqual({
        action: 'credit',
      });
    });

    it('refuses one cent past the limit, saying what the wallet was credited', () => {
      const creditedCents = maxCreditedCents - request.amountCents + 1;
      expect(decideCredit(request, undefined, creditedCents)).toEqual({
        action: 'refuse',
        reason: 'limit_exceeded',
        creditedCents,
      });
    });

    it('keeps every balance an exact JS number', () => {
      expect(Number.isSafeInteger(maxCreditedCents)).toBe(true);
    });
  });

  describe('given the reference was credited before', () => {
    it('with the same customer and amount, repeats that credit', () => {
      const credit = recorded({});
      expect(decideCredit(request, credit, 0)).toEqual({ action: 'repeat', credit });
    });

    it('repeats it even when the wallet has since reached its limit', () => {
      const credit = recorded({});
      expect(decideCredit(request, credit, maxCreditedCents)).toEqual({ action: 'repeat', credit });
    });

    it.each([
      ['another amount', { amountCents: 4_999 }],
      ['another customer', { customerId: 'bob' }],
    ])('with %s, refuses: the reference is taken', (_case, overrides) => {
      const credit = recorded(overrides);
      expect(decideCredit(request, credit, 0)).toEqual({
        action: 'refuse',
        reason: 'reference_reused',
        credit,
      });
    });
  });
});
