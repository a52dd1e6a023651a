import { describe, expect, it } from 'vitest';
import { matchRoute, parseHash, pathWith } from './router.js';

describe('parseHash', () => {
  it('splits the path from its query', () => {
    const location = parseHash('#/sign-in?token=abc.def');
    expect(location.path).toBe('/sign-in');
    expect(location.query.get('token')).toBe('abc.def');
  });

  it('reads an empty or slash-ended hash as a path', () => {
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#').path).toBe('/');
    expect(parseHash('#/orders/').path).toBe('/orders');
    expect(parseHash('#orders').path).toBe('/orders');
  });
});

describe('matchRoute', () => {
  it('takes the params of a matching path', () => {
    expect(matchRoute('/orders/:id', '/orders/123')).toEqual({ id: '123' });
    expect(matchRoute('/outboxes/:service/dead-letters/:id', '/outboxes/payment/dead-letters/x%20y')).toEqual(
      {
        service: 'payment',
        id: 'x y',
      },
    );
  });

  it('refuses other paths', () => {
    expect(matchRoute('/orders/:id', '/orders')).toBeNull();
    expect(matchRoute('/orders/:id', '/sagas/1')).toBeNull();
    expect(matchRoute('/orders/:id', '/orders/%E0')).toBeNull();
  });
});

describe('pathWith', () => {
  it('adds the query values that are set', () => {
    expect(pathWith('/orders', { status: 'confirmed', customerId: '' })).toBe('/orders?status=confirmed');
    expect(pathWith('/orders', {})).toBe('/orders');
  });
});
