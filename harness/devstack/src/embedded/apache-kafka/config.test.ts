import { describe, expect, it } from 'vitest';
import { jvmOptions, newClusterId, replicationOf, serverProperties } from './config.js';

const three = [
  { nodeId: 1, clientPort: 11001, controllerPort: 11002 },
  { nodeId: 2, clientPort: 11003, controllerPort: 11004 },
  { nodeId: 3, clientPort: 11005, controllerPort: 11006 },
];

function parse(properties: string): Record<string, string> {
  return Object.fromEntries(
    properties
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

describe('serverProperties', () => {
  it('makes every node of three a KRaft voter in combined mode, with its own listeners', () => {
    const node2 = parse(serverProperties(three, 2, '/run/kafka/node-2/data'));
    expect(node2).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:11002,2@127.0.0.1:11004,3@127.0.0.1:11006',
      listeners: 'PLAINTEXT://127.0.0.1:11003,CONTROLLER://127.0.0.1:11004',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:11003',
      'log.dirs': '/run/kafka/node-2/data',
    });
  });

  it('replicates three times with two in sync on three nodes, once on one', () => {
    expect(parse(serverProperties(three, 1, '/d'))).toMatchObject({
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
    expect(parse(serverProperties(three.slice(0, 1), 1, '/d'))).toMatchObject({
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'offsets.topic.replication.factor': '1',
    });
  });

  it('refuses a node that is not in the layout', () => {
    expect(() => serverProperties(three, 4, '/d')).toThrow(/node 4 is not one of 1, 2, 3/);
  });
});

describe('replicationOf', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 3, 2],
    [5, 3, 2],
  ])('%i nodes: factor %i, min in sync %i', (nodes, factor, minInSync) => {
    expect(replicationOf(nodes)).toEqual({ factor, minInSync });
  });
});

describe('newClusterId', () => {
  it('is 16 bytes of URL-safe base64, fresh each time', () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(newClusterId()).not.toBe(id);
  });
});

describe('jvmOptions', () => {
  it('bounds the heap', () => {
    expect(jvmOptions(512)).toEqual(expect.arrayContaining(['-Xmx512m', '-Xms128m']));
    expect(jvmOptions(96)).toContain('-Xms96m');
  });
});
