import { ProblemError } from '@sagaflow/service-kit';
import { describe, expect, it } from 'vitest';
import { orderingCustomer, readableCustomer } from './ownership.js';

const alice = { subject: 'alice', roles: ['customer'] as const };

function refusal(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('orderingCustomer', () => {
  it('is the token’s subject, whether the body names it or not', () => {
    expect(orderingCustomer(alice, undefined)).toBe('alice');
    expect(orderingCustomer(alice, 'alice')).toBe('alice');
  });

  it('refuses 403 a body naming another customer, and a subject that is no customer id', () => {
    const other = refusal(() => orderingCustomer(alice, 'bob'));
    expect(other.status).toBe(403);
    expect(other.errors).toEqual([{ field: 'body.customerId', message: 'is not the token’s subject' }]);
    expect(
      refusal(() => orderingCustomer({ subject: 'no spaces', roles: ['customer'] }, undefined)).status,
    ).toBe(403);
  });
});

describe('readableCustomer', () => {
  it('lets an operator read every customer’s orders and a customer its own', () => {
    expect(readableCustomer({ subject: 'ann', roles: ['operator'] })).toBeUndefined();
    expect(readableCustomer({ subject: 'ann', roles: ['customer', 'operator'] })).toBeUndefined();
    expect(readableCustomer(alice)).toBe('alice');
  });
});
