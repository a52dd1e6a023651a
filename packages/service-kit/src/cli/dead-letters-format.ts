import type { Static } from '@sinclair/typebox';
import { assertNever } from '../assert-never.js';
import type { DeadLetterSummaryView, DeadLetterView } from '../dead-letters/schemas.js';
import { type CliAnswer, type CliOutput, printed, problemOutput, truncate } from './answer.js';
import type { DeadLetterCommand, DeadLetterFilter } from './dead-letters-args.js';

export type DeadLetterSummaryJson = Static<typeof DeadLetterSummaryView>;
export type DeadLetterJson = Static<typeof DeadLetterView>;

/** What the bulk routes answer: how many matched, the ids handled, and each refused with why. */
export interface BulkDeadLetterAnswer {
  matched: number;
  handled: string[];
  refused: { id: string; problem: string }[];
}

const done = { replay: 'replayed', discard: 'discarded', resolve: 'resolved' } as const;

/** What a dead-letter command prints for the service's answer; any answer but 2xx is a problem. */
export function formatDeadLetterAnswer(command: DeadLetterCommand, answer: CliAnswer): CliOutput {
  if (answer.status < 200 || answer.status >= 300) return problemOutput(answer);
  switch (command.kind) {
    case 'list': {
      const { items, nextCursor } = answer.body as {
        items: DeadLetterSummaryJson[];
        nextCursor: string | null;
      };
      if (items.length === 0)
        return printed([
          `no ${command.status === 'all' ? '' : `${command.status} `}dead letters${filterText(command.filter)}`,
        ]);
      return printed([
        ...items.map(deadLetterLine),
        ...(nextCursor === null ? [] : [`more: --cursor ${nextCursor}`]),
      ]);
    }
    case 'show':
      return printed(deadLetterLines(answer.body as DeadLetterJson));
    case 'handle': {
      const deadLetter = answer.body as DeadLetterJson;
      return printed([`${deadLetter.id}: ${handledText(deadLetter.handled)}`, deadLetterLine(deadLetter)]);
    }
    case 'bulk': {
      const { matched, handled, refused } = answer.body as BulkDeadLetterAnswer;
      return printed([
        `${done[command.action]} ${handled.length} of ${matched} matching${filterText(command.filter)}`,
        ...refused.map(({ id, problem }) => `  refused ${id}: ${problem}`),
      ]);
    }
    default:
      return assertNever(command);
  }
}

/** One line: when, which, from where, what, why (cut short), and whether handled. */
export function deadLetterLine(deadLetter: DeadLetterSummaryJson): string {
  const { failedAt, id, source, topic, type, reason, handled } = deadLetter;
  return [
    failedAt,
    id,
    source.padEnd(8),
    topic,
    type ?? '(no type)',
    truncate(reason, 60),
    handledText(handled),
  ].join('  ');
}

function handledText(handled: DeadLetterSummaryJson['handled']): string {
  if (handled === null) return 'unhandled';
  const by = handled.by === null ? '' : ` by ${handled.by}`;
  const reason = handled.reason === null ? '' : ` — ${truncate(handled.reason, 60)}`;
  return `${handled.action ?? 'handled'}${by} at ${handled.at}${reason}`;
}

/** Every field, then the headers, then the envelope (or the raw value) pretty-printed. */
export function deadLetterLines(deadLetter: DeadLetterJson): string[] {
  const fields: [string, unknown][] = [
    ['id', deadLetter.id],
    ['message id', deadLetter.messageId],
    ['source', deadLetter.source],
    ['consumer group', deadLetter.consumerGroup],
    ['topic', deadLetter.topic],
    ['key', deadLetter.key],
    ['type', deadLetter.type],
    ['partition', deadLetter.partition],
    ['offset', deadLetter.offset],
    ['failed at', deadLetter.failedAt],
    ['attempts', deadLetter.attempts],
    ['reason', deadLetter.reason],
    ['handled', handledText(deadLetter.handled)],
    ['replayable', deadLetter.hasEnvelope ? 'yes' : 'no: only its raw value was kept'],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const headers = Object.entries(deadLetter.headers);
  const body =
    deadLetter.envelope !== null && deadLetter.envelope !== undefined
      ? [
          'envelope:',
          ...JSON.stringify(deadLetter.envelope, null, 2)
            .split('\n')
            .map((line) => `  ${line}`),
        ]
      : deadLetter.raw !== null
        ? ['raw value:', ...deadLetter.raw.split('\n').map((line) => `  ${line}`)]
        : ['no envelope and no raw value'];
  return [
    ...fields.map(
      ([name, value]) => `${`${name}:`.padEnd(width + 2)}${value === null ? '-' : String(value)}`,
    ),
    headers.length === 0 ? 'headers: none' : 'headers:',
    ...headers.map(([name, value]) => `  ${name}: ${value}`),
    ...body,
  ];
}

function filterText(filter: DeadLetterFilter): string {
  const parts = Object.entries(filter).map(([name, value]) => `${name}=${value}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
