import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ApacheKafkaCluster } from './cluster.js';

export interface ClusterControlServer {
  /** http://127.0.0.1:<port>; the routes are in `route`. */
  url: string;
  close(): Promise<void>;
}

interface Command {
  action: 'down' | 'up';
  /** One node; all of them when absent. */
  nodeId?: number;
}

/** `POST /down`, `POST /up`, `POST /nodes/<id>/down`, `POST /nodes/<id>/up`. */
export function route(method: string | undefined, path: string | undefined): Command | undefined {
  if (method !== 'POST') return undefined;
  const match = /^(?:\/nodes\/(\d{1,3}))?\/(down|up)$/.exec(path ?? '');
  if (!match) return undefined;
  const action = match[2] as 'down' | 'up';
  return match[1] === undefined ? { action } : { action, nodeId: Number(match[1]) };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * The cluster's fault controls over loopback HTTP, so any process holding the
 * StackInfo (a test worker, a service launcher) can take brokers down, while only
 * the process that started them owns them. Commands run one at a time.
 */
export async function serveClusterControl(
  cluster: ApacheKafkaCluster,
  logger: Logger,
): Promise<ClusterControlServer> {
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const run = async ({ action, nodeId }: Command): Promise<unknown> => {
    if (nodeId === undefined) await (action === 'down' ? cluster.down() : cluster.up());
    else await (action === 'down' ? cluster.stopNode(nodeId) : cluster.startNode(nodeId));
    logger.debug({ action, nodeId: nodeId ?? 'all' }, 'devstack: Kafka fault control');
    return { ok: true };
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const command = route(request.method, request.url);
    if (!command) {
      answer(response, 404, { error: `no such control: ${request.method} ${request.url}` });
      return;
    }
    serialised(() => run(command)).then(
      (result) => answer(response, 200, result),
      (error: unknown) =>
        answer(response, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
