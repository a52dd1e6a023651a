import { parseArgs } from 'node:util';
import { type DeadLetterStatus, deadLetterStatuses, maxDeadLetterPage } from '@sagaflow/outbox';

/** Which service a CLI speaks to: its name names the env var of its URL, NAME_URL. */
export interface CliService {
  name: string;
  /** The port it listens on by default (docker-compose's): the URL's last default. */
  port: number;
}

/** The same filter the list and the bulk routes take; each an exact match. */
export interface DeadLetterFilter {
  topic?: string;
  type?: string;
  source?: 'relay' | 'consumer';
  consumerGroup?: string;
}

export type DeadLetterAction = 'replay' | 'discard' | 'resolve';

export type DeadLetterCommand = (
  | { kind: 'list'; status: DeadLetterStatus; filter: DeadLetterFilter; limit?: number; cursor?: string }
  | { kind: 'show'; id: string }
  | { kind: 'handle'; action: DeadLetterAction; id: string; reason: string }
  | { kind: 'bulk'; action: 'replay' | 'discard'; filter: DeadLetterFilter; reason: string; limit?: number }
) & { url: string; token: string };

/** How many one bulk call handles at most, as the route allows. */
export const maxBulkLimit = 500;

export const deadLettersUsage = (
  service: CliService,
): string => `usage: pnpm --filter @sagaflow/${service.name} admin dead-letters <command> [options]
  list [filters] [--status unhandled|handled|all] [--limit N] [--cursor C]
                                     dead letters, newest first (default: unhandled)
  show <id>                          one dead letter: its fields, headers and envelope
  replay <id> --reason TEXT          publish (relay) or handle (consumer) its message again
  replay --all [filters] --reason TEXT [--limit N]
                                     replay every unhandled one matching, oldest first
  discard <id> --reason TEXT         mark it handled without its message
  discard --all [filters] --reason TEXT [--limit N]
  resolve <id> --reason TEXT         mark it dealt with otherwise
filters: --topic T --type T --source relay|consumer --group G (consumer group); exact matches
options: --url URL (default $${urlVariable(service)} or http://127.0.0.1:${service.port})
         --token TOKEN (default $SAGAFLOW_TOKEN): an operator's bearer token; the audit records its subject`;

const urlVariable = (service: CliService) => `${service.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

const options = {
  status: { type: 'string' },
  topic: { type: 'string' },
  type: { type: 'string' },
  source: { type: 'string' },
  group: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  reason: { type: 'string' },
  all: { type: 'boolean' },
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

/**
 * `dead-letters <command> ...` as a command, or an Error whose message says what is
 * wrong (the entry prints it with the usage, exit 2). Pure: env is passed in.
 */
export function parseDeadLetterArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  service: CliService,
): DeadLetterCommand {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  const [group, command, id, ...extra] = positionals;
  if (group !== 'dead-letters')
    throw new Error(group === undefined ? 'no command given' : `unknown command '${group}'`);
  if (extra.length > 0) throw new Error(`unexpected '${extra.join(' ')}'`);
  const url = values.url ?? env[urlVariable(service)] ?? `http://127.0.0.1:${service.port}`;
  const token = values.token ?? env.SAGAFLOW_TOKEN;
  const connect = <T extends object>(parsed: T): T & { url: string; token: string } => {
    if (token === undefined || token === '')
      throw new Error(
        `dead-letters ${command} needs --token or SAGAFLOW_TOKEN: the service answers only an operator`,
      );
    return { ...parsed, url, token };
  };
  const filter = filterOf(values);
  const only = (allowed: (keyof typeof options)[]) => {
    const given = Object.keys(values).filter((name) => !['url', 'token', ...allowed].includes(name));
    if (given.length > 0)
      throw new Error(`dead-letters ${command} does not take ${given.map((name) => `--${name}`).join(', ')}`);
  };
  const filters: (keyof typeof options)[] = ['topic', 'type', 'source', 'group'];
  switch (command) {
    case 'list': {
      only(['status', 'limit', 'cursor', ...filters]);
      if (id !== undefined) throw new Error(`dead-letters list takes no id (got '${id}'); see show`);
      const status = values.status ?? 'unhandled';
      if (!isStatus(status))
        throw new Error(`--status is one of ${deadLetterStatuses.join(', ')}, not '${status}'`);
      const limit = limitOf(values.limit, maxDeadLetterPage);
      return connect({
        kind: 'list',
        status,
        filter,
        ...(limit === undefined ? {} : { limit }),
        ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
      });
    }
    case 'show':
      only([]);
      if (id === undefined) throw new Error('dead-letters show needs an id');
      return connect({ kind: 'show', id });
    case 'replay':
    case 'discard':
    case 'resolve': {
      const reason = values.reason;
      if (reason === undefined)
        throw new Error(
          `dead-letters ${command} needs --reason: every operator action is audited with who and why`,
        );
      if (values.all === true) {
        if (command === 'resolve') throw new Error('dead-letters resolve takes one id, not --all');
        only(['all', 'reason', 'limit', ...filters]);
        if (id !== undefined) throw new Error(`dead-letters ${command} takes an id or --all, not both`);
        const limit = limitOf(values.limit, maxBulkLimit);
        return connect({
          kind: 'bulk',
          action: command,
          filter,
          reason,
          ...(limit === undefined ? {} : { limit }),
        });
      }
      only(['reason']);
      if (id === undefined) throw new Error(`dead-letters ${command} needs an id, or --all with filters`);
      return connect({ kind: 'handle', action: command, id, reason });
    }
    default:
      throw new Error(
        command === undefined ? 'dead-letters needs a command' : `unknown command 'dead-letters ${command}'`,
      );
  }
}

function filterOf(values: {
  topic?: string;
  type?: string;
  source?: string;
  group?: string;
}): DeadLetterFilter {
  const { topic, type, source, group } = values;
  if (source !== undefined && source !== 'relay' && source !== 'consumer')
    throw new Error(`--source is relay or consumer, not '${source}'`);
  return {
    ...(topic === undefined ? {} : { topic }),
    ...(type === undefined ? {} : { type }),
    ...(source === undefined ? {} : { source }),
    ...(group === undefined ? {} : { consumerGroup: group }),
  };
}

function limitOf(text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > max)
    throw new Error(`--limit is a whole number from 1 to ${max}, not '${text}'`);
  return limit;
}

const isStatus = (text: string): text is DeadLetterStatus =>
  (deadLetterStatuses as readonly string[]).includes(text);
