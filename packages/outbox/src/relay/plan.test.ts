import { describe, expect, it } from 'vitest';
import { type PendingMessage, selectPublishable } from './plan.js';

function pending(id: string, key: string, due = true): PendingMessage {
  return {
    id,
    key,
    due,
    topic: 't',
    type: 'T',
    value: '{}',
    headers: {},
    attempts: 0,
  };
}

describe('selectPublishable', () => {
  it('keeps every key in id order from its head', () => {
    const rows = [pending('03', 'a'), pending('01', 'a'), pending('02', 'b'), pending('02', 'a')];
    expect(selectPublishable(rows).map((row) => `${row.key}${row.id}`)).toEqual(['a01', 'a02', 'a03', 'b02']);
  });

  it('holds back a whole key whose head waits for a retry', () => {
    const rows = [pending('01', 'a', false), pending('02', 'a'), pending('03', 'b')];
    expect(selectPublishable(rows).map((row) => row.id)).toEqual(['03']);
  });
});
