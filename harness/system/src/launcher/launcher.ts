import { join } from 'node:path';
import { dualWriteMain } from '@sagaflow/baselines';
import { allTopics } from '@sagaflow/contracts';
import {
  createDatabase,
  type KafkaControl,
  kafkaControl,
  type StackInfo,
  startDevstack,
} from '@sagaflow/devstack';
import { freePort } from '@sagaflow/testkit';
import { type Logger, pino } from 'pino';
import { SystemClient } from '../client/client.js';
import { ServiceProcess } from './service-process.js';
import { type LaunchOptions, type ServiceName, type ServiceUrls, serviceNames } from './types.js';

export const repoRoot = new URL('../../../../', import.meta.url).pathname;

/** The three services as OS processes on one stack, with the controls the scenarios need. */
export interface System {
  stack: StackInfo;
  urls: ServiceUrls;
  databaseUrls: Record<ServiceName, string>;
  topicPrefix: string;
  client: SystemClient;
  /** False on an env-provided Kafka, where brokerDown()/brokerUp() throw. */
  canInjectOutage: boolean;
  service(name: ServiceName): ServiceProcess;
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Stops the service if it still runs (SIGTERM), then starts it again on the same port. */
  restart(name: ServiceName, env?: Record<string, string>): Promise<void>;
  /** SIGSTOP: the process holds its connections but does nothing, like a hung service. */
  pause(name: ServiceName): void;
  resume(name: ServiceName): void;
  /** Every broker down (SIGKILLed, for Apache Kafka) and up again on the same ports and data. */
  brokerDown(): Promise<void>;
  brokerUp(): Promise<void>;
  /** One broker of a cluster, by node id (1…stack.kafka.brokers). */
  stopBroker(nodeId: number): Promise<void>;
  startBroker(nodeId: number): Promise<void>;
  /** SIGTERM every service, wait for them, then stop the stack if this launch started it. */
  stop(): Promise<void>;
}

function baseEnv(
  stack: StackInfo,
  databaseUrl: string,
  topicPrefix: string,
  logLevel: string,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    // The services must not find a parent's stack description and act on it.
    SAGAFLOW_STACK: '',
  };
}

/** The module a service process runs, and its arguments. */
function entryOf(name: ServiceName, options: LaunchOptions): { entry: string; args?: string[] } {
  const entry = options.entries?.[name];
  if (entry !== undefined) return { entry };
  if (options.messaging === 'dual-write') return { entry: dualWriteMain, args: [name] };
  return { entry: `services/${name}/dist/main.js` };
}

export async function createTopics(control: KafkaControl, topicPrefix: string): Promise<void> {
  await control.createTopics(
    allTopics.map((topic) => ({ name: topicPrefix + topic.name, partitions: topic.partitions })),
  );
}

export async function launchSystem(options: LaunchOptions = {}): Promise<System> {
  const logger: Logger = options.logger ?? pino({ level: 'warn' }, pino.destination(2));
  const owned = options.stack === undefined ? await startDevstack({ logger }) : undefined;
  const stack: StackInfo = options.stack ?? (owned as StackInfo);
  const processes = new Map<ServiceName, ServiceProcess>();
  const stopServices = () => Promise.all([...processes.values()].map((service) => service.stop()));
  try {
    const databasePrefix = options.databasePrefix ?? 'sagaflow_';
    const topicPrefix = options.topicPrefix ?? '';
    const control = kafkaControl(stack);
    await createTopics(control, topicPrefix);
    const databaseUrls = {} as Record<ServiceName, string>;
    for (const name of serviceNames) databaseUrls[name] = await createDatabase(stack, databasePrefix + name);
    const logDir = options.logDir ?? join(repoRoot, '.tmp', 'logs');
    for (const name of serviceNames) {
      const port = options.ports?.[name] ?? (await freePort());
      processes.set(
        name,
        new ServiceProcess({
          name,
          cwd: repoRoot,
          ...entryOf(name, options),
          env: {
            ...baseEnv(stack, databaseUrls[name], topicPrefix, options.logLevel ?? 'info'),
            ...options.env,
            ...options.serviceEnv?.[name],
          },
          port,
          logFile: join(logDir, `${name}.log`),
          readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
          logger,
          ...(options.execArgv?.[name] === undefined ? {} : { execArgv: options.execArgv[name] }),
        }),
      );
    }
    // All at once: each one's start-up is mostly loading modules and migrations.
    const started = await Promise.allSettled([...processes.values()].map((service) => service.start()));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const service = (name: ServiceName): ServiceProcess => processes.get(name) as ServiceProcess;
    const urls = Object.fromEntries(serviceNames.map((name) => [name, service(name).url])) as ServiceUrls;
    let stopping: Promise<void> | undefined;
    return {
      stack,
      urls,
      databaseUrls,
      topicPrefix,
      client: new SystemClient(urls),
      canInjectOutage: control.canInjectOutage,
      service,
      kill: (name, signal = 'SIGKILL') => service(name).kill(signal),
      restart: async (name, env) => {
        await service(name).stop();
        await service(name).start(env);
      },
      pause: (name) => service(name).signal('SIGSTOP'),
      resume: (name) => service(name).signal('SIGCONT'),
      brokerDown: () => control.brokerDown(),
      brokerUp: () => control.brokerUp(),
      stopBroker: (nodeId) => control.stopBroker(nodeId),
      startBroker: (nodeId) => control.startBroker(nodeId),
      stop: () => {
        stopping ??= (async () => {
          await stopServices();
          await owned?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stopServices();
    await owned?.stop();
    throw error;
  }
}
