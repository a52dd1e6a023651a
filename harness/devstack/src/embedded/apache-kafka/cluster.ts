import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaClientSecurity } from '../../kafka-control/client-security.js';
import type { StackInfo } from '../../types.js';
import {
  jvmOptions,
  kafkaHost,
  type NodePorts,
  newClusterId,
  type ScramSecurity,
  scramFormatArguments,
  serverProperties,
} from './config.js';
import type { KafkaDistribution } from './fetch.js';
import { KafkaNode } from './node.js';
import { freeBrokerPorts } from './ports.js';

export interface ApacheKafkaOptions {
  /** The run's directory: every node keeps its config and data under `<runDir>/kafka`. */
  runDir: string;
  nodeCount: number;
  java: string;
  distribution: KafkaDistribution;
  heapMb?: number;
  /** SCRAM on the client listener, with these users created at format time. */
  scram?: ScramSecurity;
}

export interface ApacheKafkaCluster {
  version: string;
  brokers: string[];
  nodeIds: number[];
  /** Pids of the nodes running now. */
  pids(): number[];
  /** SIGKILL one node: its ports close, its data stays. */
  stopNode(nodeId: number): Promise<void>;
  /** Starts a stopped node on its old ports and data; resolves once the cluster lists it. */
  startNode(nodeId: number): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Synchronous best effort for process exit hooks. */
  kill(): void;
  stop(): Promise<void>;
}

const defaultHeapMb = 512;
const startAttempts = 3;

/**
 * Waits until the cluster's metadata, asked of `brokers`, lists every node in
 * `expected`: each has registered with the controller and been unfenced, so it
 * leads and follows partitions.
 */
async function waitForBrokers(
  brokers: string[],
  expected: number[],
  security: Pick<StackInfo, 'kafkaSasl' | 'kafkaTlsCaFile'>,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = new Kafka({
    clientId: 'sagaflow-devstack',
    brokers,
    ...kafkaClientSecurity(security),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  }).admin();
  const deadline = Date.now() + timeoutMs;
  let seen: number[] = [];
  let lastError = '';
  try {
    for (;;) {
      try {
        await admin.connect();
        seen = (await admin.describeCluster()).brokers.map((broker) => broker.nodeId);
        if (expected.every((nodeId) => seen.includes(nodeId))) return;
      } catch (error) {
        lastError = error instanceof Error ? `: ${error.message}` : '';
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Apache Kafka listed brokers [${seen}] of [${expected}] after ${timeoutMs} ms${lastError}`,
        );
      }
      await sleep(100);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function isPortClash(error: unknown): boolean {
  return error instanceof Error && /Address already in use|BindException/i.test(error.message);
}

async function launchNodes(options: ApacheKafkaOptions, logger: Logger): Promise<KafkaNode[]> {
  const ports = await freeBrokerPorts(options.nodeCount * 2);
  const layout: NodePorts[] = Array.from({ length: options.nodeCount }, (_, index) => ({
    nodeId: index + 1,
    clientPort: ports[index * 2] as number,
    controllerPort: ports[index * 2 + 1] as number,
  }));
  const nodes = layout.map((node) => {
    const dir = join(options.runDir, 'kafka', `node-${node.nodeId}`);
    return new KafkaNode(
      {
        java: options.java,
        libDir: options.distribution.libDir,
        jvmOptions: jvmOptions(options.heapMb ?? defaultHeapMb),
        dir,
        ports: node,
        serverProperties: serverProperties(layout, node.nodeId, join(dir, 'data'), options.scram),
        ...(options.scram === undefined ? {} : { formatArguments: scramFormatArguments(options.scram) }),
      },
      logger,
    );
  });
  const clusterId = newClusterId();
  try {
    const began = performance.now();
    await Promise.all(nodes.map((node) => node.format(clusterId)));
    const formatted = performance.now();
    await Promise.all(nodes.map((node) => node.start()));
    logger.info(
      {
        version: options.distribution.version,
        nodes: nodes.length,
        formatMs: Math.round(formatted - began),
        startMs: Math.round(performance.now() - formatted),
      },
      'devstack: Apache Kafka started',
    );
    return nodes;
  } catch (error) {
    for (const node of nodes) node.killNow();
    throw error;
  }
}

/** A KRaft cluster of `nodeCount` combined nodes on free ports, data under the run directory. */
export async function startApacheKafka(
  options: ApacheKafkaOptions,
  logger: Logger,
): Promise<ApacheKafkaCluster> {
  let nodes: KafkaNode[] | undefined;
  for (let attempt = 1; !nodes; attempt++) {
    try {
      nodes = await launchNodes(options, logger);
    } catch (error) {
      // Another process took a port between the check and the bind: draw new ones.
      if (!isPortClash(error) || attempt >= startAttempts) throw error;
      logger.debug({ attempt }, 'devstack: a Kafka port was taken meanwhile; starting on others');
    }
  }
  const running = nodes;
  const address = (candidate: KafkaNode) => `${kafkaHost}:${candidate.ports.clientPort}`;
  const brokers = running.map(address);
  const nodeIds = running.map((candidate) => candidate.nodeId);
  // The brokers' own user: the cluster is up before any client user matters.
  const security: Pick<StackInfo, 'kafkaSasl' | 'kafkaTlsCaFile'> =
    options.scram === undefined
      ? {}
      : {
          kafkaSasl: { mechanism: 'scram-sha-512', ...options.scram.broker },
          ...(options.scram.tls === undefined ? {} : { kafkaTlsCaFile: options.scram.tls.truststoreFile }),
        };
  await waitForBrokers(brokers, nodeIds, security);
  const node = (nodeId: number): KafkaNode => {
    const found = running.find((candidate) => candidate.nodeId === nodeId);
    if (!found) throw new Error(`no Kafka node ${nodeId}; the nodes are ${nodeIds.join(', ')}`);
    return found;
  };
  const down = async () => {
    await Promise.all(running.map((candidate) => candidate.kill()));
  };
  return {
    version: options.distribution.version,
    brokers,
    nodeIds,
    pids: () => running.flatMap((candidate) => (candidate.pid === undefined ? [] : [candidate.pid])),
    stopNode: (nodeId) => node(nodeId).kill(),
    startNode: async (nodeId) => {
      const started = node(nodeId);
      await started.start();
      await waitForBrokers([address(started)], [nodeId], security);
    },
    down,
    up: async () => {
      await Promise.all(running.map((candidate) => candidate.start()));
      await waitForBrokers(brokers, nodeIds, security);
    },
    kill: () => {
      for (const candidate of running) candidate.killNow();
    },
    // The data goes with the run directory: nothing to shut down gracefully for.
    stop: down,
  };
}
