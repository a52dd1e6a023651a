import { describe, expect, it } from 'vitest';
import { jvmOptions, newClusterId, replicationOf, scramFormatArguments, serverProperties } from './config.js';

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

  it('with SCRAM, makes the one client listener SASL_PLAINTEXT, brokers logging in as their own user', () => {
    const scram = {
      users: [{ username: 'app', password: 'app-pw' }],
      broker: { username: 'b', password: 'b-pw' },
    };
    const node = parse(serverProperties(three.slice(0, 1), 1, '/d', scram));
    expect(node).toMatchObject({
      listeners: 'SASL_PLAINTEXT://127.0.0.1:11001,CONTROLLER://127.0.0.1:11002',
      'advertised.listeners': 'SASL_PLAINTEXT://127.0.0.1:11001',
      'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name': 'SASL_PLAINTEXT',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    });
    expect(node['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="b" password="b-pw";',
    );
    expect(node['listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config']).toContain('username="b"');
    expect(Object.values(node).join('\n')).not.toContain('app-pw');
  });

  it('with SCRAM over TLS, makes it SASL_SSL with PEM key and trust stores', () => {
    const scram = {
      users: [],
      broker: { username: 'b', password: 'b-pw' },
      tls: { keystoreFile: '/tls/keystore.pem', truststoreFile: '/tls/ca.pem' },
    };
    const node = parse(serverProperties(three.slice(0, 1), 1, '/d', scram));
    expect(node).toMatchObject({
      listeners: 'SASL_SSL://127.0.0.1:11001,CONTROLLER://127.0.0.1:11002',
      'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name': 'SASL_SSL',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': '/tls/keystore.pem',
      'ssl.truststore.location': '/tls/ca.pem',
    });
    expect(node['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config']).toContain('username="b"');
  });

  it('refuses a node that is not in the layout', () => {
    expect(() => serverProperties(three, 4, '/d')).toThrow(/node 4 is not one of 1, 2, 3/);
  });
});

describe('scramFormatArguments', () => {
  it('creates the broker and every user with both SCRAM mechanisms', () => {
    expect(
      scramFormatArguments({
        users: [{ username: 'app', password: 'Pw_1' }],
        broker: { username: 'b', password: 'x' },
      }),
    ).toEqual([
      '--add-scram=SCRAM-SHA-256=[name=b,password=x]',
      '--add-scram=SCRAM-SHA-512=[name=b,password=x]',
      '--add-scram=SCRAM-SHA-256=[name=app,password=Pw_1]',
      '--add-scram=SCRAM-SHA-512=[name=app,password=Pw_1]',
    ]);
  });

  it('refuses what the storage tool would misparse', () => {
    expect(() =>
      scramFormatArguments({
        users: [{ username: 'a', password: 'x,y]' }],
        broker: { username: 'b', password: 'x' },
      }),
    ).toThrow(/SCRAM user "a"/);
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
