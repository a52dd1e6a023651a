import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@sagaflow/contracts';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { parkedStatuses, terminalStatuses } from '../client/types.js';
import type { System } from '../launcher/launcher.js';
import { type ServiceName, serviceNames } from '../launcher/types.js';

const consumed: Record<ServiceName, string> = {
  inventory: topics.inventoryCommands,
  payment: topics.paymentCommands,
  order: topics.orderSagaReplies,
};

export interface Quietness {
  quiet: boolean;
  waitedMs: number;
  /** What was still moving when the wait ended. */
  last: string;
}

/**
 * Waits until nothing is left to happen: no saga is waiting on a step, every outbox
 * is empty and every service's consumer group has committed the end of its topic.
 * The same state twice in a row, a second apart, ends the wait.
 */
export async function waitForQuiet(system: System, timeoutMs: number): Promise<Quietness> {
  const began = Date.now();
  const kafka = new Kafka({
    clientId: 'chaos-quiet',
    brokers: system.stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const clients = Object.fromEntries(
    serviceNames.map((name) => [name, new pg.Client({ connectionString: system.databaseUrls[name] })]),
  ) as Record<ServiceName, pg.Client>;
  await Promise.all(Object.values(clients).map((client) => client.connect()));
  let previous = '';
  let last = 'not looked yet';
  try {
    while (Date.now() - began < timeoutMs) {
      last = await describeMotion(system, admin, clients).catch(
        (error: Error) => `unreadable: ${error.message}`,
      );
      if (last === 'still' && previous === 'still')
        return { quiet: true, waitedMs: Date.now() - began, last };
      previous = last;
      await sleep(1000);
    }
    return { quiet: false, waitedMs: Date.now() - began, last };
  } finally {
    await admin.disconnect();
    await Promise.all(Object.values(clients).map((client) => client.end()));
  }
}

async function describeMotion(
  system: System,
  admin: ReturnType<Kafka['admin']>,
  clients: Record<ServiceName, pg.Client>,
): Promise<string> {
  const moving: string[] = [];
  const { rows } = await clients.order.query<{ n: number }>(
    'select count(*)::int as n from orders where status <> all($1::text[])',
    [[...terminalStatuses, ...parkedStatuses]],
  );
  if ((rows[0]?.n ?? 0) > 0) moving.push(`${rows[0]?.n} sagas in flight`);
  for (const service of serviceNames) {
    const outbox = await clients[service].query<{ n: number }>('select count(*)::int as n from outbox');
    if ((outbox.rows[0]?.n ?? 0) > 0) moving.push(`${outbox.rows[0]?.n} rows in the ${service} outbox`);
    const topic = system.topicPrefix + consumed[service];
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: system.topicPrefix + service, topics: [topic] });
    let lag = 0;
    for (const end of ends) {
      const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      const from = Number(at) < 0 ? Number(end.low) : Number(at);
      lag += Math.max(0, Number(end.high) - from);
    }
    if (lag > 0) moving.push(`${lag} records unconsumed by ${service}`);
  }
  return moving.length === 0 ? 'still' : moving.join(', ');
}
