import { randomBytes } from 'node:crypto';

export interface NodePorts {
  nodeId: number;
  /** Where clients connect (the PLAINTEXT listener, also used between brokers). */
  clientPort: number;
  controllerPort: number;
}

export const kafkaHost = '127.0.0.1';

/** A SCRAM user, created with both SCRAM-SHA-256 and -512 credentials when the storage is formatted. */
export interface ScramUser {
  username: string;
  password: string;
}

/**
 * With SCRAM on, the client listener is SASL_PLAINTEXT and nothing else: a client
 * without credentials is refused. Brokers talk to each other on it too, as `broker`.
 */
export interface ScramSecurity {
  users: readonly ScramUser[];
  broker: ScramUser;
  /** SASL_SSL instead of SASL_PLAINTEXT: PEM files, the keystore holding the key and then the certificate. */
  tls?: { keystoreFile: string; truststoreFile: string };
}

export const scramMechanisms = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

// The storage tool parses `[name=…,password=…]`: a comma, bracket, equals sign or quote would break it.
const scramText = /^[A-Za-z0-9._@~-]+$/;

/** `--add-scram` arguments of `kafka-storage format`: every user, both mechanisms. */
export function scramFormatArguments(security: ScramSecurity): string[] {
  return [security.broker, ...security.users].flatMap((user) => {
    if (!scramText.test(user.username) || !scramText.test(user.password))
      throw new Error(`SCRAM user "${user.username}": names and passwords may hold only [A-Za-z0-9._@~-]`);
    return scramMechanisms.map(
      (mechanism) => `--add-scram=${mechanism}=[name=${user.username},password=${user.password}]`,
    );
  });
}

function clientProtocol(scram: ScramSecurity | undefined): string {
  if (scram === undefined) return 'PLAINTEXT';
  return scram.tls === undefined ? 'SASL_PLAINTEXT' : 'SASL_SSL';
}

function scramListenerSettings(security: ScramSecurity): Record<string, string> {
  const listener = clientProtocol(security).toLowerCase();
  const login = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${security.broker.username}" password="${security.broker.password}";`;
  return {
    'sasl.enabled.mechanisms': scramMechanisms.join(','),
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    ...Object.fromEntries(
      scramMechanisms.map((mechanism) => [
        `listener.name.${listener}.${mechanism.toLowerCase()}.sasl.jaas.config`,
        login,
      ]),
    ),
    ...(security.tls === undefined
      ? {}
      : {
          'ssl.keystore.type': 'PEM',
          'ssl.keystore.location': security.tls.keystoreFile,
          'ssl.truststore.type': 'PEM',
          'ssl.truststore.location': security.tls.truststoreFile,
        }),
  };
}

/** Replication a cluster of this size gives every topic: 3 copies and 2 in sync to accept a write, at most. */
export function replicationOf(nodeCount: number): { factor: number; minInSync: number } {
  const factor = Math.min(nodeCount, 3);
  return { factor, minInSync: Math.max(1, factor - 1) };
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64, as `kafka-storage random-uuid` makes them. */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * server.properties of one node in KRaft combined mode (broker and controller in
 * one process), every node a voter. Sized for a 2-core machine running many tests:
 * few threads, few internal-topic partitions. The timeouts a client meets (group
 * session bounds, replica lag) stay Kafka's defaults, so what tests measure is what
 * users see; only broker liveness is tightened, so a killed broker loses its
 * leaderships in seconds rather than 9 s.
 */
export function serverProperties(
  nodes: readonly NodePorts[],
  nodeId: number,
  logDir: string,
  scram?: ScramSecurity,
): string {
  const node = nodes.find((candidate) => candidate.nodeId === nodeId);
  if (!node) throw new Error(`node ${nodeId} is not one of ${nodes.map((n) => n.nodeId).join(', ')}`);
  const { factor, minInSync } = replicationOf(nodes.length);
  const client = clientProtocol(scram);
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': nodes.map((n) => `${n.nodeId}@${kafkaHost}:${n.controllerPort}`).join(','),
    listeners: `${client}://${kafkaHost}:${node.clientPort},CONTROLLER://${kafkaHost}:${node.controllerPort}`,
    'advertised.listeners': `${client}://${kafkaHost}:${node.clientPort}`,
    'listener.security.protocol.map': `${client}:${client},CONTROLLER:PLAINTEXT`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': client,
    ...(scram === undefined ? {} : scramListenerSettings(scram)),
    'log.dirs': logDir,
    'default.replication.factor': factor,
    'min.insync.replicas': minInSync,
    'offsets.topic.replication.factor': factor,
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.replication.factor': factor,
    'transaction.state.log.min.isr': minInSync,
    'transaction.state.log.num.partitions': 6,
    'share.coordinator.state.topic.replication.factor': factor,
    'share.coordinator.state.topic.min.isr': minInSync,
    'unclean.leader.election.enable': 'false',
    // Topics are created on purpose, with the partitions their contract gives.
    'auto.create.topics.enable': 'false',
    // A consumer group's first member gets its partitions at once, not after 3 s.
    'group.initial.rebalance.delay.ms': 0,
    'broker.heartbeat.interval.ms': 1000,
    'broker.session.timeout.ms': 4000,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.replica.fetchers': 1,
    'background.threads': 4,
    'log.cleaner.threads': 1,
    'num.recovery.threads.per.data.dir': 1,
    // Tests come and go by the thousand: keep each partition's files small.
    'log.segment.bytes': 64 * 1024 * 1024,
    'log.index.size.max.bytes': 1024 * 1024,
  };
  return `${Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')}\n`;
}

/**
 * log4j 2: warnings and errors to stdout, which the devstack logs, plus the one
 * INFO line that says the server is up, which it waits for.
 */
export const log4jProperties = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %p %c{1} %m%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = info
`;

export const startedLine = /Kafka Server started/;

/**
 * JVM flags for a small machine: a bounded heap (the broker is tiny here), the
 * serial collector (no GC threads competing for two cores), and a crash rather
 * than a limp on OutOfMemoryError.
 */
export function jvmOptions(heapMb: number): string[] {
  return [
    `-Xmx${heapMb}m`,
    `-Xms${Math.min(heapMb, 128)}m`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:MaxDirectMemorySize=256m',
    '-Djava.awt.headless=true',
  ];
}
