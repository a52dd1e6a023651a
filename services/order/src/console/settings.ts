import { ConfigError } from '@sagaflow/service-kit';
import type { OrderEnv } from '../config.js';

/** The services besides the order service whose outbox and dead letters the console shows. */
export const consolePeers = ['inventory', 'payment'] as const;
export type ConsolePeer = (typeof consolePeers)[number];

export interface ConsoleSettings {
  /** Where the order service reaches each peer; a peer left out shows as not configured. */
  upstreams: Partial<Record<ConsolePeer, URL>>;
  /** A link to one trace, `{traceId}` standing for its id; null: trace ids are shown as text. */
  traceUrlTemplate: string | null;
}

/** The console's browser side reads this (GET /console/config.json); it holds no secret. */
export interface ConsoleConfig {
  services: { order: { api: string } } & Record<ConsolePeer, { api: string | null }>;
  traceUrlTemplate: string | null;
}

/** The path prefix under which the order service forwards a peer's API. */
export const peerApiPrefix = (peer: ConsolePeer): string => `/console/api/${peer}`;

const envNames = { inventory: 'CONSOLE_INVENTORY_URL', payment: 'CONSOLE_PAYMENT_URL' } as const;

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`invalid configuration: ${name} must be an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`invalid configuration: ${name} must be an http(s) URL, got '${value}'`);
  return url;
}

function baseUrl(name: string, value: string): URL {
  const url = httpUrl(name, value);
  if (url.pathname !== '/' || url.search !== '')
    throw new ConfigError(`invalid configuration: ${name} must be a base URL without a path, got '${value}'`);
  return url;
}

/** Read once at start: a malformed URL stops the service with the setting's name, not a 502 later. */
export function consoleSettingsFrom(
  env: Pick<OrderEnv, 'CONSOLE_INVENTORY_URL' | 'CONSOLE_PAYMENT_URL' | 'CONSOLE_TRACE_URL'>,
): ConsoleSettings {
  const upstreams: ConsoleSettings['upstreams'] = {};
  for (const peer of consolePeers) {
    const value = env[envNames[peer]];
    if (value !== undefined && value !== '') upstreams[peer] = baseUrl(envNames[peer], value);
  }
  const template = env.CONSOLE_TRACE_URL ?? '';
  if (template !== '') {
    if (!template.includes('{traceId}'))
      throw new ConfigError(
        `invalid configuration: CONSOLE_TRACE_URL must contain {traceId}, where a trace's id goes; got '${template}'`,
      );
    httpUrl('CONSOLE_TRACE_URL', template.replaceAll('{traceId}', '0'));
  }
  return { upstreams, traceUrlTemplate: template === '' ? null : template };
}

export function consoleConfigOf(settings: ConsoleSettings): ConsoleConfig {
  const peerApi = (peer: ConsolePeer) =>
    settings.upstreams[peer] === undefined ? null : peerApiPrefix(peer);
  return {
    services: {
      order: { api: '' },
      inventory: { api: peerApi('inventory') },
      payment: { api: peerApi('payment') },
    },
    traceUrlTemplate: settings.traceUrlTemplate,
  };
}
