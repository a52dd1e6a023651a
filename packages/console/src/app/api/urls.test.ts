import { describe, expect, it } from 'vitest';
import { ApiError, NotConfigured, problemText, retryable } from './client.js';
import type { ConsoleConfig } from './types.js';
import { defaultConfig, query, serviceUrl, traceUrl } from './urls.js';

const config: ConsoleConfig = {
  services: { order: { api: '' }, inventory: { api: '/console/api/inventory/' }, payment: { api: null } },
  traceUrlTemplate: 'http://jaeger.local/trace/{traceId}?ui=1',
};

describe('serviceUrl', () => {
  it('puts the order API on this origin and the others under their prefix', () => {
    expect(serviceUrl(config, 'order', '/orders')).toBe('/orders');
    expect(serviceUrl(config, 'inventory', '/outbox')).toBe('/console/api/inventory/outbox');
  });

  it('is null for a service the console was not told about', () => {
    expect(serviceUrl(config, 'payment', '/outbox')).toBeNull();
    expect(serviceUrl(defaultConfig, 'inventory', '/outbox')).toBeNull();
  });
});

describe('traceUrl', () => {
  it('fills the template, or is null without one', () => {
    expect(traceUrl(config, 'abc')).toBe('http://jaeger.local/trace/abc?ui=1');
    expect(traceUrl(defaultConfig, 'abc')).toBeNull();
  });
});

describe('query', () => {
  it('leaves out what is not set', () => {
    expect(query({ status: 'confirmed', cursor: undefined, customerId: '', limit: 50 })).toBe(
      '?status=confirmed&limit=50',
    );
    expect(query({ cursor: null })).toBe('');
  });
});

describe('failures', () => {
  const problem = (status: number) =>
    new ApiError(status, { type: 'about:blank', title: 'Conflict', status, detail: 'already handled' });

  it('shows a problem by its title and detail', () => {
    expect(problemText(problem(409))).toBe('Conflict — already handled');
    expect(problemText(new Error('boom'))).toBe('boom');
  });

  it('retries what may pass on its own, not a refusal nor a service not configured', () => {
    expect(retryable(0, problem(409))).toBe(false);
    expect(retryable(0, new NotConfigured('payment'))).toBe(false);
    expect(retryable(0, problem(503))).toBe(true);
    expect(retryable(2, problem(503))).toBe(false);
  });
});
