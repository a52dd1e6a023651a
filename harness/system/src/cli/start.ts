/**
 * pnpm start — the whole system on this machine: the local stack, then the order,
 * inventory and payment services as separate processes; a seeded catalog and two
 * wallets; runs until Ctrl-C.
 */
import { describeKafka } from '@sagaflow/devstack';
import { pino } from 'pino';
import { launchSystem, repoRoot } from '../launcher/launcher.js';
import type { ServiceName } from '../launcher/types.js';
import { parseStartArgs, startUsage, UsageError } from './args.js';
import { signalListeners, stopOnSignal } from './shutdown.js';

const catalog = [
  { sku: 'widget', name: 'Widget', priceCents: 1_250, onHand: 100 },
  { sku: 'gadget', name: 'Gadget', priceCents: 4_999, onHand: 20 },
  { sku: 'gizmo', name: 'Gizmo (last one)', priceCents: 19_900, onHand: 1 },
];
const wallets = [
  { customerId: 'alice', balanceCents: 100_000 },
  { customerId: 'bob', balanceCents: 500 },
];

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2));
  if (args.help) {
    console.log(startUsage);
    return;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const [name, port] of Object.entries(args.ports) as [ServiceName, number][]) {
    if (port !== 0) ports[name] = port;
  }
  console.log('starting the local stack and the order, inventory and payment services…');
  const startedAt = Date.now();
  const before = signalListeners();
  const system = await launchSystem({ logger, logLevel: args.logLevel, ports });
  stopOnSignal(system, before, (signal) => {
    console.log(`${signal}: services and stack stopped`);
    process.exit(0);
  });
  const { client, urls } = system;
  for (const { sku, ...product } of catalog) await client.seedProduct(sku, product);
  for (const { customerId, balanceCents } of wallets) await client.seedWallet(customerId, balanceCents);

  const order = JSON.stringify({ customerId: 'alice', items: [{ sku: 'widget', quantity: 2 }] });
  console.log(`ready in ${Date.now() - startedAt} ms (stack: ${system.stack.source}, Kafka ${describeKafka(system.stack.kafka)} at ${system.stack.kafkaBrokers.join(',')})

  order      ${urls.order}
  inventory  ${urls.inventory}
  payment    ${urls.payment}
  logs       ${repoRoot}.tmp/logs/{order,inventory,payment}.log

seeded: products ${catalog.map((product) => `${product.sku} (${product.onHand} on hand)`).join(', ')};
        wallets ${wallets.map((wallet) => `${wallet.customerId} (${wallet.balanceCents}c)`).join(', ')}

place an order:
  curl -si -X POST ${urls.order}/orders -H 'content-type: application/json' -d '${order}'
then follow it (the id is in the answer and its Location header):
  curl -s ${urls.order}/orders/<id>
stock and money:
  curl -s ${urls.inventory}/catalog/widget
  curl -s ${urls.payment}/wallets/alice
  curl -s ${urls.payment}/wallets/alice/entries
top up a wallet (the reference makes a retry credit once):
  curl -si -X POST ${urls.payment}/wallets/bob/credits -H 'content-type: application/json' -d '{"amountCents":5000,"reference":"top-up-bob-1"}'

Ctrl-C stops everything.`);
  // The services are child processes; this keeps the launcher itself alive until a signal.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${startUsage}` : (error as Error).message);
  process.exit(error instanceof UsageError ? 2 : 1);
});
