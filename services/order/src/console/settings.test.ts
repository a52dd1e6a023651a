import { ConfigError } from '@sagaflow/service-kit';
import { describe, expect, it } from 'vitest';
import { consoleConfigOf, consoleSettingsFrom } from './settings.js';

describe('the console settings', () => {
  it('forwards only the peers it was told about, and says which are not configured', () => {
    const settings = consoleSettingsFrom({ CONSOLE_INVENTORY_URL: 'http://inventory:3001' });
    expect(consoleConfigOf(settings)).toEqual({
      services: { order: { api: '' }, inventory: { api: '/console/api/inventory' }, payment: { api: null } },
      traceUrlTemplate: null,
    });
    expect(settings.upstreams.inventory?.origin).toBe('http://inventory:3001');
  });

  it('keeps a trace link template with its placeholder', () => {
    const template = 'http://localhost:16686/trace/{traceId}';
    expect(consoleSettingsFrom({ CONSOLE_TRACE_URL: template }).traceUrlTemplate).toBe(template);
  });

  it.each([
    [{ CONSOLE_PAYMENT_URL: 'payment:3002' }, /CONSOLE_PAYMENT_URL must be an http\(s\) URL/],
    [{ CONSOLE_PAYMENT_URL: 'ftp://payment' }, /CONSOLE_PAYMENT_URL must be an http\(s\) URL/],
    [{ CONSOLE_INVENTORY_URL: 'http://inventory:3001/api' }, /CONSOLE_INVENTORY_URL must be a base URL/],
    [{ CONSOLE_TRACE_URL: 'http://jaeger/trace/' }, /CONSOLE_TRACE_URL must contain \{traceId\}/],
    [{ CONSOLE_TRACE_URL: 'jaeger {traceId}' }, /CONSOLE_TRACE_URL must be an http\(s\) URL/],
  ])('refuses %o at start, naming the setting', (env, message) => {
    expect(() => consoleSettingsFrom(env)).toThrow(ConfigError);
    expect(() => consoleSettingsFrom(env)).toThrow(message);
  });
});
