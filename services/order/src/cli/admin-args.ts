import { parseArgs } from 'node:util';
import type { CliService } from '@sagaflow/service-kit';

/** The order service, as its admin CLI finds it: $ORDER_URL, else docker-compose's port. */
export const orderCliService: CliService = { name: 'order', port: 3000 };

export const adminUsage = `usage: pnpm --filter @sagaflow/order admin <command> [options]
  retry <orderId> --reason TEXT        send the current step's command again
  compensate <orderId> --reason TEXT   start compensation now
  resolve <orderId> --reason TEXT      close a parked saga
  parked                               list parked sagas (compensation failed), one a line
  overdue                              list sagas past their deadline, one a line
  show <orderId>                       the order and its saga's timeline
  dead-letters <command> ...           the service's dead letters: list, show, replay, discard,
                                       resolve (run 'dead-letters' alone for its usage)
options: --url URL (default $ORDER_URL or http://127.0.0.1:3000)
         --token TOKEN (default $SAGAFLOW_TOKEN): an operator's bearer token; the audit records its subject`;

export type OperatorAction = 'retry' | 'compensate' | 'resolve';

export type OrderCommand = (
  | { kind: 'act'; action: OperatorAction; orderId: string; reason: string }
  | { kind: 'parked' }
  | { kind: 'overdue' }
  | { kind: 'show'; orderId: string }
) & { url: string; token: string };

/** `dead-letters ...` is the kit's command: its arguments are passed to it whole. */
export type AdminCommand = OrderCommand | { kind: 'dead-letters' };

const connection = { url: { type: 'string' }, token: { type: 'string' } } as const;

/** Throws with a message naming what is missing; the CLI prints it with the usage. */
export function parseAdminArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): AdminCommand {
  // Read loosely first: the dead-letters command has options of its own, which it checks.
  const loose = parseArgs({ args: argv, allowPositionals: true, strict: false, options: connection });
  if (loose.positionals[0] === 'dead-letters') return { kind: 'dead-letters' };
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { reason: { type: 'string' }, ...connection },
  });
  const url = values.url ?? env.ORDER_URL ?? `http://127.0.0.1:${orderCliService.port}`;
  const token = values.token ?? env.SAGAFLOW_TOKEN;
  const [command, orderId, ...extra] = positionals;
  if (extra.length > 0) throw new Error(`unexpected '${extra.join(' ')}'`);
  const withToken = <T extends object>(parsed: T): T & { url: string; token: string } => {
    if (token === undefined || token === '')
      throw new Error(`${command} needs --token or SAGAFLOW_TOKEN: the service answers only an operator`);
    return { ...parsed, url, token };
  };
  switch (command) {
    case 'retry':
    case 'compensate':
    case 'resolve': {
      if (orderId === undefined) throw new Error(`${command} needs an order id`);
      if (values.reason === undefined)
        throw new Error(`${command} needs --reason: every operator action is audited with who and why`);
      return withToken({ kind: 'act', action: command, orderId, reason: values.reason });
    }
    case 'parked':
    case 'overdue':
      if (orderId !== undefined) throw new Error(`${command} takes no order id; see show`);
      return withToken({ kind: command });
    case 'show':
      if (orderId === undefined) throw new Error('show needs an order id');
      return withToken({ kind: 'show', orderId });
    default:
      throw new Error(command === undefined ? 'no command given' : `unknown command '${command}'`);
  }
}
