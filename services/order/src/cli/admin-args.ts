import { parseArgs } from 'node:util';

export const adminUsage = `usage: pnpm --filter @sagaflow/order admin <command> [options]
  retry <orderId> --actor NAME --reason TEXT        send the current step's command again
  compensate <orderId> --actor NAME --reason TEXT   start compensation now
  resolve <orderId> --actor NAME --reason TEXT      close a parked saga
  parked                                            list parked sagas
  show <orderId>                                    the order, its saga and timeline
options: --url URL (default $ORDER_URL or http://127.0.0.1:3000)`;

export type AdminCommand =
  | {
      kind: 'act';
      action: 'retry' | 'compensate' | 'resolve';
      orderId: string;
      actor: string;
      reason: string;
      url: string;
    }
  | { kind: 'parked'; url: string }
  | { kind: 'show'; orderId: string; url: string };

/** Throws with a message naming what is missing; the CLI prints it with the usage. */
export function parseAdminArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): AdminCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { actor: { type: 'string' }, reason: { type: 'string' }, url: { type: 'string' } },
  });
  const url = values.url ?? env.ORDER_URL ?? 'http://127.0.0.1:3000';
  const [command, orderId] = positionals;
  switch (command) {
    case 'retry':
    case 'compensate':
    case 'resolve': {
      if (orderId === undefined) throw new Error(`${command} needs an order id`);
      if (values.actor === undefined || values.reason === undefined) {
        throw new Error(
          `${command} needs --actor and --reason: every operator action is audited with who and why`,
        );
      }
      return { kind: 'act', action: command, orderId, actor: values.actor, reason: values.reason, url };
    }
    case 'parked':
      return { kind: 'parked', url };
    case 'show':
      if (orderId === undefined) throw new Error('show needs an order id');
      return { kind: 'show', orderId, url };
    default:
      throw new Error(command === undefined ? 'no command given' : `unknown command '${command}'`);
  }
}
