import { assertNever } from '../assert-never.js';
import { type CliRequest, queryString } from './answer.js';
import type { DeadLetterCommand } from './dead-letters-args.js';

/** The request a dead-letter command makes, per the routes' contract. */
export function deadLetterRequest(command: DeadLetterCommand): CliRequest {
  switch (command.kind) {
    case 'list': {
      const { status, filter, limit, cursor } = command;
      return { method: 'GET', path: `/dead-letters${queryString({ status, ...filter, limit, cursor })}` };
    }
    case 'show':
      return { method: 'GET', path: `/dead-letters/${encodeURIComponent(command.id)}` };
    case 'handle':
      return {
        method: 'POST',
        path: `/dead-letters/${encodeURIComponent(command.id)}/${command.action}`,
        body: { reason: command.reason },
      };
    case 'bulk':
      return {
        method: 'POST',
        path: `/dead-letters/${command.action}`,
        body: {
          reason: command.reason,
          filter: command.filter,
          ...(command.limit === undefined ? {} : { limit: command.limit }),
        },
      };
    default:
      return assertNever(command);
  }
}
