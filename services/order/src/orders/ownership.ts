import { CustomerId } from '@sagaflow/contracts';
import { type Principal, ProblemError } from '@sagaflow/service-kit';
import { Value } from '@sinclair/typebox/value';

/**
 * The customer an order is placed for: the token's subject. A body that names
 * another customer is refused 403; a body that names none takes the subject.
 */
export function orderingCustomer(principal: Principal, named: string | undefined): string {
  if (!Value.Check(CustomerId, principal.subject)) {
    throw new ProblemError(403, 'Forbidden', 'Forbidden: the token’s subject is not a valid customer id');
  }
  if (named !== undefined && named !== principal.subject) {
    throw new ProblemError(
      403,
      'Forbidden',
      'Forbidden: a customer places orders for itself only; body.customerId must be the token’s subject',
      [{ field: 'body.customerId', message: 'is not the token’s subject' }],
    );
  }
  return principal.subject;
}

/** Whose orders the caller may read: an operator's, everyone's (undefined); a customer's, its own. */
export function readableCustomer(principal: Principal): string | undefined {
  return principal.roles.includes('operator') ? undefined : principal.subject;
}
