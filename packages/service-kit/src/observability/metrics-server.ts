import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createHttpServer } from '../http/server.js';
import { metricsRoute } from './metrics-http.js';

export interface MetricsServer {
  /** Where `GET /metrics` answers. */
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on a port of its own (METRICS_PORT), for a deployment that keeps
 * scraping off the public port. It serves nothing else.
 */
export async function listenForMetrics(
  registry: Registry,
  options: { host: string; port: number; logger: Logger },
): Promise<MetricsServer> {
  const server = createHttpServer({ logger: options.logger.child({ component: 'metrics' }) });
  await server.register(metricsRoute, { registry });
  await server.listen({ host: options.host, port: options.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return { url: `http://${host}:${port}/metrics`, close: () => server.close() };
}
