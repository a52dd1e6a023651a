import { parseArgs } from 'node:util';

export const adminUsage = `usage: pnpm --filter @sagaflow/order admin <command> [options]
  retry <orderId> --reason TEXT        send the current step's command again
  compensate <orderId> --reason TEXT   start compensation now
  resolve <orderId> --reason TEXT      close a parked saga
  parked                               list parked sagas
  show <orderId>                       the order, its saga and timeline
options: --url URL (default $ORDER_URL or http://127.0.0.1:3000)
         --token TOKEN (default $SAGAFLOW_TOKEN): an operator's bearer token; the audit records its subject`;

export type AdminCommand = (
  | { kind: 'act'; action: 'retry' | 'compensate' | 'resolve'; orderId: string; reason: string }
  | { kind: 'parked' }
  | { kind: 'show'; orderId: string }
) & { url: string; token: string };

/** Throws with a message naming what is missing; the CLI prints it with the usage. */
export function parseAdminArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): AdminCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { reason: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
  });
  const url = values.url ?? env.ORDER_URL ?? 'http://127.0.0.1:3000';
  const token = values.token ?? env.SAGAFLOW_TOKEN;
  const [command, orderId] = positionals;
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
      return withToken({ kind: 'parked' });
    case 'show':
      if (orderId === undefined) throw new Error('show needs an order id');
      return withToken({ kind: 'show', orderId });
    default:
      throw new Error(command === undefined ? 'no command given' : `unknown command '${command}'`);
  }
}
