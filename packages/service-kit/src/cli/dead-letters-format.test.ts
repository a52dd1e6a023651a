import { describe, expect, it } from 'vitest';
import { problemOutput } from './answer.js';
import { parseDeadLetterArgs } from './dead-letters-args.js';
import { type DeadLetterJson, formatDeadLetterAnswer } from './dead-letters-format.js';

const payment = { name: 'payment', port: 3002 };
const command = (line: string) =>
  parseDeadLetterArgs(['dead-letters', ...line.split(' ')], { SAGAFLOW_TOKEN: 't' }, payment);
const id = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';

// Recorded answers, shaped as the routes answer them (GET /dead-letters/:id and the bulk routes).
const deadLetter: DeadLetterJson = {
  id,
  messageId: '0192f0a4-0000-7000-8000-00000000000a',
  source: 'consumer',
  consumerGroup: 'payment',
  topic: 'sagaflow.payment.commands',
  key: 'order-1',
  type: 'ProcessPayment',
  partition: 3,
  offset: '17',
  reason: `handler threw: ${'x'.repeat(80)}`,
  attempts: 5,
  failedAt: '2026-12-01T10:00:00.000Z',
  hasEnvelope: true,
  handled: null,
  envelope: { id: 'm1', type: 'ProcessPayment', payload: { orderId: 'order-1' } },
  raw: null,
  headers: { traceparent: '00-abc-def-01' },
};

describe('the dead-letters CLI output', () => {
  it('lists one line per dead letter, its reason cut short, and says how to get the next page', () => {
    const handled = {
      ...deadLetter,
      id: 'dl-2',
      source: 'relay' as const,
      type: null,
      reason: 'broker refused',
      handled: {
        at: '2026-12-01T11:00:00.000Z',
        by: 'operator:ann',
        action: 'replayed' as const,
        reason: 'fixed',
      },
    };
    const output = formatDeadLetterAnswer(command('list --status all'), {
      status: 200,
      body: { items: [deadLetter, handled], nextCursor: 'next1' },
    });
    expect(output).toEqual({
      exitCode: 0,
      err: [],
      out: [
        `2026-12-01T10:00:00.000Z  ${id}  consumer  sagaflow.payment.commands  ProcessPayment  handler threw: ${'x'.repeat(44)}…  unhandled`,
        '2026-12-01T10:00:00.000Z  dl-2  relay     sagaflow.payment.commands  (no type)  broker refused  replayed by operator:ann at 2026-12-01T11:00:00.000Z — fixed',
        'more: --cursor next1',
      ],
    });
  });

  it('says so when nothing matches', () => {
    const empty = { status: 200, body: { items: [], nextCursor: null } };
    expect(formatDeadLetterAnswer(command('list'), empty).out).toEqual(['no unhandled dead letters']);
    expect(formatDeadLetterAnswer(command('list --status all --source relay'), empty).out).toEqual([
      'no dead letters (source=relay)',
    ]);
  });

  it('shows the fields, the headers, then the envelope pretty-printed (or the raw value)', () => {
    const lines = formatDeadLetterAnswer(command(`show ${id}`), { status: 200, body: deadLetter }).out;
    expect(lines.slice(0, 3)).toEqual([
      `id:             ${id}`,
      'message id:     0192f0a4-0000-7000-8000-00000000000a',
      'source:         consumer',
    ]);
    expect(lines).toContain('replayable:     yes');
    expect(lines.slice(lines.indexOf('headers:'))).toEqual([
      'headers:',
      '  traceparent: 00-abc-def-01',
      'envelope:',
      '  {',
      '    "id": "m1",',
      '    "type": "ProcessPayment",',
      '    "payload": {',
      '      "orderId": "order-1"',
      '    }',
      '  }',
    ]);
    const raw = { ...deadLetter, envelope: null, raw: 'not json', hasEnvelope: false, headers: {} };
    const rawLines = formatDeadLetterAnswer(command(`show ${id}`), { status: 200, body: raw }).out;
    expect(rawLines.slice(-3)).toEqual(['headers: none', 'raw value:', '  not json']);
    expect(rawLines).toContain('replayable:     no: only its raw value was kept');
  });

  it('reports one handled dead letter with who and why', () => {
    const discarded = {
      ...deadLetter,
      handled: { at: '2026-12-01T12:00:00.000Z', by: 'operator:bob', action: 'discarded', reason: 'noise' },
    };
    expect(
      formatDeadLetterAnswer(command(`discard ${id} --reason noise`), { status: 200, body: discarded })
        .out[0],
    ).toBe(`${id}: discarded by operator:bob at 2026-12-01T12:00:00.000Z — noise`);
  });

  it('reports a bulk action as handled of matching, and each refused id with its problem', () => {
    const answer = {
      status: 200,
      body: {
        matched: 3,
        handled: ['a', 'b'],
        refused: [{ id: 'c', problem: 'Handling failed again: boom' }],
      },
    };
    expect(formatDeadLetterAnswer(command('replay --all --type ProcessPayment --reason r'), answer)).toEqual({
      exitCode: 0,
      err: [],
      out: ['replayed 2 of 3 matching (type=ProcessPayment)', '  refused c: Handling failed again: boom'],
    });
    expect(
      formatDeadLetterAnswer(command('discard --all --reason r'), {
        status: 200,
        body: { matched: 0, handled: [], refused: [] },
      }).out,
    ).toEqual(['discarded 0 of 0 matching']);
  });

  it('prints a problem as "<status> <title>: <detail>" on stderr, exit 1', () => {
    const conflict = {
      status: 409,
      body: {
        type: 'about:blank',
        status: 409,
        title: 'Already handled',
        detail: `dead letter ${id} was replayed`,
      },
    };
    expect(formatDeadLetterAnswer(command(`replay ${id} --reason r`), conflict)).toEqual({
      exitCode: 1,
      out: [],
      err: [`409 Already handled: dead letter ${id} was replayed`],
    });
    expect(
      problemOutput({
        status: 400,
        body: {
          title: 'Invalid request',
          detail: 'bad',
          errors: [{ field: 'body.reason', message: 'too long' }],
        },
      }).err,
    ).toEqual(['400 Invalid request: bad', '  body.reason: too long']);
    expect(
      problemOutput({
        status: 400,
        body: {
          title: 'Invalid request',
          detail: 'querystring.source is not allowed',
          errors: [{ field: 'querystring.source', message: 'is not allowed' }],
        },
      }).err,
    ).toEqual(['400 Invalid request: querystring.source is not allowed']);
    expect(problemOutput({ status: 502, body: 'Bad Gateway' }).err).toEqual(['502 Bad Gateway']);
  });
});
