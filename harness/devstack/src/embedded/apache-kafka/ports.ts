import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { kafkaHost } from './config.js';

export interface PortRange {
  low: number;
  high: number;
}

/** Linux's range for the local ports of outgoing connections; Linux's default when unreadable. */
export function ephemeralRange(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): PortRange {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (low && high && low <= high) return { low, high };
  } catch {
    // Not Linux: fall through.
  }
  return { low: 32768, high: 60999 };
}

/**
 * Where broker ports are drawn from: outside the ephemeral range. A broker that is
 * killed and restarted must bind its old ports again, and while it is down an
 * outgoing connection could otherwise be handed one of them as its local port.
 */
export function brokerPortRange(ephemeral: PortRange): PortRange {
  if (ephemeral.low - 1 >= 20_000) return { low: 10_000, high: ephemeral.low - 1 };
  if (ephemeral.high + 1 <= 60_000) return { low: ephemeral.high + 1, high: 65_535 };
  return { low: 1024, high: 65_535 };
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: kafkaHost, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct ports that are free right now, drawn at random from the broker range. */
export async function freeBrokerPorts(count: number, random: () => number = Math.random): Promise<number[]> {
  const range = brokerPortRange(ephemeralRange());
  const chosen = new Set<number>();
  for (let attempt = 0; chosen.size < count; attempt++) {
    if (attempt > 200 * count) throw new Error(`no ${count} free ports in ${range.low}-${range.high}`);
    const port = range.low + Math.floor(random() * (range.high - range.low + 1));
    if (!chosen.has(port) && (await bindable(port))) chosen.add(port);
  }
  return [...chosen];
}
