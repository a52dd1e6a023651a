import {
  BoundPorts,
  GenericContainer,
  getContainerRuntimeClient,
  type InspectResult,
  type StartedTestContainer,
  Wait,
} from 'testcontainers';

/** The official image of the Kafka release the embedded stack runs (harness/devstack/kafka/pom.xml). */
export const kafkaImageOf = (version: string): string => `apache/kafka:${version}`;
const clientPort = 9092;
const brokerPort = 9093;
const controllerPort = 9094;
const listenersFile = '/tmp/sagaflow-advertised-listeners';

/**
 * Single-node Kafka in KRaft mode (broker and controller in one process).
 *
 * Clients must be told the host and port *mapped* by Docker, which exist only once
 * the container runs. So the container starts a shell that waits for a file, the
 * mapped port is written into that file, and only then does the image's own
 * entrypoint (/etc/kafka/docker/run) start with KAFKA_ADVERTISED_LISTENERS set.
 * This is the scheme of Testcontainers' KafkaContainer for apache/kafka images.
 */
export class KafkaKraftContainer extends GenericContainer {
  private containerId: string | undefined;

  constructor(image: string) {
    super(image);
    this.withExposedPorts(clientPort)
      .withEnvironment({
        // KRaft wants 16 bytes in URL-safe base64 (22 characters).
        CLUSTER_ID: 'c2FnYWZsb3ctZGV2c3RrIQ',
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${clientPort},BROKER://0.0.0.0:${brokerPort},CONTROLLER://0.0.0.0:${controllerPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${controllerPort}`,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withEntrypoint(['sh'])
      .withCommand([
        '-c',
        `while [ ! -f ${listenersFile} ]; do sleep 0.1; done; ` +
          `export KAFKA_ADVERTISED_LISTENERS="$(cat ${listenersFile})"; exec /etc/kafka/docker/run`,
      ])
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(120_000);
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.containerId = containerId;
  }

  /** Runs after the ports are mapped and before the wait strategy. */
  protected override async containerStarting(inspectResult: InspectResult): Promise<void> {
    const client = await getContainerRuntimeClient();
    const hostPort = BoundPorts.fromInspectResult(
      client.info.containerRuntime.hostIps,
      inspectResult,
    ).getBinding(clientPort);
    const listeners = [
      `PLAINTEXT://${client.info.containerRuntime.host}:${hostPort}`,
      `BROKER://${inspectResult.hostname}:${brokerPort}`,
    ].join(',');
    const container = client.container.getById(this.containerId as string);
    // Written then renamed, so the waiting shell never reads a half-written file.
    const { exitCode, output } = await client.container.exec(container, [
      'sh',
      '-c',
      `printf '%s' "$0" > ${listenersFile}.tmp && mv ${listenersFile}.tmp ${listenersFile}`,
      listeners,
    ]);
    if (exitCode !== 0) throw new Error(`could not hand Kafka its advertised listeners: ${output}`);
  }
}

export function kafkaBootstrap(container: StartedTestContainer): string {
  return `${container.getHost()}:${container.getMappedPort(clientPort)}`;
}
