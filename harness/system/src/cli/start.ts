/**
 * pnpm start — the whole system on this machine: the local stack, then the order,
 * inventory and payment services as separate processes, with a signing key of
 * this run; a seeded catalog and two wallets; tokens to call them with; runs
 * until Ctrl-C.
 */
import { describeKafka } from '@sagaflow/devstack';
import { orderEnvSchema } from '@sagaflow/order';
import { pino } from 'pino';
import { launchSystem, repoRoot, type System } from '../launcher/launcher.js';
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
  // With --json, stdout is the one ready line and nothing else.
  const say = args.json ? () => undefined : (text: string) => console.log(text);
  say('starting the local stack and the order, inventory and payment services…');
  const startedAt = Date.now();
  const before = signalListeners();
  const system = await launchSystem({ logger, logLevel: args.logLevel, ports });
  stopOnSignal(system, before, (signal) => {
    say(`${signal}: services and stack stopped`);
    process.exit(0);
  });
  const { client, urls } = system;
  for (const { sku, ...product } of catalog) await client.seedProduct(sku, product);
  for (const { customerId, balanceCents } of wallets) await client.seedWallet(customerId, balanceCents);
  const tokens = await startTokens(system);
  if (args.json) {
    const ordered = {
      order: urls.order,
      inventory: urls.inventory,
      payment: urls.payment,
      console: consoleLink(urls.order, tokens.operator),
    };
    console.log(JSON.stringify({ urls: ordered, tokens }));
  } else {
    console.log(readyText(system, Date.now() - startedAt, tokens));
  }
  // The services are child processes; this keeps the launcher itself alive until a signal.
  setInterval(() => undefined, 1 << 30);
}

/** The console signs in with the token in the link's fragment, which no server sees. */
function consoleLink(orderUrl: string, operatorToken: string): string {
  return `${orderUrl}/console/#/sign-in?token=${operatorToken}`;
}

interface StartTokens {
  operator: string;
  customers: Record<string, string>;
}

async function startTokens(system: System): Promise<StartTokens> {
  const customers: Record<string, string> = {};
  for (const { customerId } of wallets) customers[customerId] = await system.auth.customer(customerId);
  return { operator: await system.auth.operator(), customers };
}

function readyText(system: System, readyMs: number, tokens: StartTokens): string {
  const { urls } = system;
  const pid = (name: ServiceName) => String(system.service(name).pid ?? '?');
  // The services take this process's env: what they run with, their schema's defaults otherwise.
  const setting = (name: 'COMPENSATION_MAX_ATTEMPTS' | 'COMPENSATION_STEP_TIMEOUT_MS') =>
    Number(process.env[name] ?? orderEnvSchema.properties[name].default);
  const compensationBudget = `${setting('COMPENSATION_MAX_ATTEMPTS')} × ${setting('COMPENSATION_STEP_TIMEOUT_MS') / 1000} s (COMPENSATION_MAX_ATTEMPTS × COMPENSATION_STEP_TIMEOUT_MS)`;
  const order = JSON.stringify({ items: [{ sku: 'widget', quantity: 2 }] });
  const customerLines = Object.entries(tokens.customers)
    .map(([customerId, token]) => `  ${customerId.padEnd(9)} ${token}`)
    .join('\n');
  return `ready in ${readyMs} ms (stack: ${system.stack.source}, Kafka ${describeKafka(system.stack.kafka)} at ${system.stack.kafkaBrokers.join(',')})

  order      ${urls.order}
  inventory  ${urls.inventory}
  payment    ${urls.payment}
  logs       ${repoRoot}.tmp/logs/{order,inventory,payment}.log

the console, signed in as the operator (sagas, timelines, outboxes, dead letters):
  ${consoleLink(urls.order, tokens.operator)}

seeded: products ${catalog.map((product) => `${product.sku} (${product.onHand} on hand)`).join(', ')};
        wallets ${wallets.map((wallet) => `${wallet.customerId} (${wallet.balanceCents}c)`).join(', ')}

tokens of this run (HS256, valid 12 h; every route but /health and /ready needs one):
  operator  ${tokens.operator}
${customerLines}

place an order as alice:
  ALICE=${tokens.customers.alice}
  curl -si -X POST ${urls.order}/orders -H "authorization: Bearer $ALICE" -H 'content-type: application/json' -d '${order}'
then follow it (the id is in the answer and its Location header):
  curl -s ${urls.order}/orders/<id> -H "authorization: Bearer $ALICE"
stock and money, as the operator:
  OPERATOR=${tokens.operator}
  curl -s ${urls.inventory}/catalog/widget -H "authorization: Bearer $OPERATOR"
  curl -s ${urls.payment}/wallets/alice -H "authorization: Bearer $OPERATOR"
  curl -s ${urls.payment}/wallets/alice/entries -H "authorization: Bearer $OPERATOR"
top up a wallet (the reference makes a retry credit once):
  curl -si -X POST ${urls.payment}/wallets/bob/credits -H "authorization: Bearer $OPERATOR" -H 'content-type: application/json' -d '{"amountCents":5000,"reference":"top-up-bob-1"}'

the console's scenarios by hand (a paused service holds its connections and does nothing):
  force a compensation: kill -STOP ${pid('payment')}; place an order as alice; Force compensation in the console; kill -CONT ${pid('payment')}
  park a saga: kill -STOP ${pid('payment')}; place an order as bob (he cannot pay); kill -STOP ${pid('inventory')}; kill -CONT ${pid('payment')};
    after ${compensationBudget} the saga is parked (Stuck sagas); Resolve it, then kill -CONT ${pid('inventory')}
  poison a topic: pnpm poison --brokers ${system.stack.kafkaBrokers.join(',')} --service inventory; then Outboxes & dead letters

Ctrl-C stops everything.`;
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${startUsage}` : (error as Error).message);
  process.exit(error instanceof UsageError ? 2 : 1);
});
