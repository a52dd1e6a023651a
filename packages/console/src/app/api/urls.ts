import type { ConsoleConfig, ServiceName } from './types.js';

export const defaultConfig: ConsoleConfig = {
  services: { order: { api: '' }, inventory: { api: null }, payment: { api: null } },
  traceUrlTemplate: null,
};

/** The URL of `path` on `service`, or null when the console was not told where that service is. */
export function serviceUrl(config: ConsoleConfig, service: ServiceName, path: string): string | null {
  const base = config.services[service].api;
  if (base === null) return null;
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function traceUrl(config: ConsoleConfig, traceId: string): string | null {
  const template = config.traceUrlTemplate;
  return template === null || template === ''
    ? null
    : template.replaceAll('{traceId}', encodeURIComponent(traceId));
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
