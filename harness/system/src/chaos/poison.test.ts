import { parseMessage } from '@sagaflow/contracts';
import { decodeEnvelope } from '@sagaflow/outbox';
import { describe, expect, it } from 'vitest';
import { targets } from '../hostile/poison.js';
import { chaosPoison } from './poison.js';

describe('chaosPoison', () => {
  const records = chaosPoison('run-1.', 'r1');

  it('sends one record that is not JSON to every consumed topic', () => {
    const notJson = records.filter((record) => record.key.endsWith('-not-json'));
    expect(notJson.map((record) => record.topic)).toEqual(targets.map((target) => `run-1.${target.topic}`));
    for (const record of notJson) expect(decodeEnvelope(record.value).ok).toBe(false);
  });

  it('spoils only the type of an otherwise valid message of each topic', () => {
    for (const target of targets) {
      const [record] = records.filter(
        (candidate) => candidate.topic === `run-1.${target.topic}` && !candidate.key.endsWith('-not-json'),
      );
      const decoded = decodeEnvelope(record?.value ?? null);
      if (!decoded.ok) throw new Error(decoded.reason);
      expect(decoded.envelope.aggregateId).toBe(record?.key);
      const rejected = parseMessage([target.contract], decoded.envelope);
      expect(!rejected.ok && rejected.reason).toMatch(/^unknown message type 'ChaosMonkeyWasHere'/);
      const restored = { ...decoded.envelope, type: target.contract.type };
      expect(parseMessage([target.contract], restored).ok).toBe(true);
    }
  });
});
