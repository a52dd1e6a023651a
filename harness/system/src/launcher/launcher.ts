import { join } from 'node:path';
import { dualWriteMain } from '@sagaflow/baselines';
import { allTopics } from '@sagaflow/contracts';
import {
  createDatabase,
  type KafkaControl,
  kafkaControl,
  kafkaSecurityEnv,
  type StackInfo,
  startDevstack,
} from '@sagaflow/devstack';
import { freePort, LocalAuth } from '@sagaflow/testkit';
import { type Logger, pino } from 'pino';
import { SystemClient } from '../client/client.js';
import { ServiceProcess } from './service-process.js';
import { type LaunchOptions, type ServiceName, type ServiceUrls, serviceNames } from './types.js';

export const repoRoot = new URL('../../../../', import.meta.url).pathname;

/** The three services as OS processes on one stack, with the controls the scenarios need. */
export interface System {
  stack: StackInfo;
  /** The first instance of each service. */
  urls: ServiceUrls;
  databaseUrls: Record<ServiceName, string>;
  topicPrefix: string;
  /** Talks to the first instance of each service. */
  client: SystemClient;
  /** Mints the tokens the services accept (their AUTH_* env is its key). */
  auth: LocalAuth;
  /** Processes per service. */
  instances: number;
  /** One client per instance index: `clients[i]` talks to instance i of each service. */
  clients: SystemClient[];
  /** False on an env-provided Kafka, where brokerDown()/brokerUp() throw. */
  canInjectOutage: boolean;
  service(name: ServiceName, instance?: number): ServiceProcess;
  kill(name: ServiceName, signal?: NodeJS.Signals, instance?: number): Promise<void>;
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
  auth: LocalAuth,
): Record<string, string> {
  return {
    ...auth.env,
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    ...kafkaSecurityEnv(stack),
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
  const processes = new Map<ServiceName, ServiceProcess[]>();
  const every = () => [...processes.values()].flat();
  const stopServices = () => Promise.all(every().map((service) => service.stop()));
  const instances = options.instances ?? 1;
  const auth = options.auth ?? new LocalAuth();
  if (!Number.isInteger(instances) || instances < 1) {
    throw new RangeError(`instances must be a positive integer, got ${instances}`);
  }
  try {
    const databasePrefix = options.databasePrefix ?? 'sagaflow_';
    const topicPrefix = options.topicPrefix ?? '';
    const control = kafkaControl(stack);
    await createTopics(control, topicPrefix);
    const databaseUrls = {} as Record<ServiceName, string>;
    for (const name of serviceNames) databaseUrls[name] = await createDatabase(stack, databasePrefix + name);
    const logDir = options.logDir ?? join(repoRoot, '.tmp', 'logs');
    const ports = {} as Record<ServiceName, number[]>;
    for (const name of serviceNames) {
      ports[name] = [];
      for (let instance = 0; instance < instances; instance++)
        ports[name].push((instance === 0 ? options.ports?.[name] : undefined) ?? (await freePort()));
    }
    // The order service's console shows the peers' outboxes and dead letters through it.
    const consoleEnv: Record<ServiceName, Record<string, string>> = {
      order: {
        CONSOLE_INVENTORY_URL: `http://127.0.0.1:${ports.inventory[0]}`,
        CONSOLE_PAYMENT_URL: `http://127.0.0.1:${ports.payment[0]}`,
      },
      inventory: {},
      payment: {},
    };
    for (const name of serviceNames) {
      const group: ServiceProcess[] = [];
      for (let instance = 0; instance < instances; instance++) {
        const port = ports[name][instance] as number;
        group.push(
          new ServiceProcess({
            name: instances === 1 ? name : `${name}-${instance + 1}`,
            cwd: repoRoot,
            ...entryOf(name, options),
            env: {
              ...baseEnv(stack, databaseUrls[name], topicPrefix, options.logLevel ?? 'info', auth),
              ...consoleEnv[name],
              ...options.env,
              ...options.serviceEnv?.[name],
            },
            port,
            logFile: join(logDir, instances === 1 ? `${name}.log` : `${name}-${instance + 1}.log`),
            readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
            logger,
            ...(options.execArgv?.[name] === undefined ? {} : { execArgv: options.execArgv[name] }),
          }),
        );
      }
      processes.set(name, group);
    }
    // All at once: each one's start-up is mostly loading modules and migrations.
    const started = await Promise.allSettled(every().map((service) => service.start()));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const service = (name: ServiceName, instance = 0): ServiceProcess => {
      const found = processes.get(name)?.[instance];
      if (found === undefined) throw new RangeError(`${name} has no instance ${instance} of ${instances}`);
      return found;
    };
    const urlsOf = (instance: number) =>
      Object.fromEntries(serviceNames.map((name) => [name, service(name, instance).url])) as ServiceUrls;
    const urls = urlsOf(0);
    const clients = Array.from(
      { length: instances },
      (_, instance) => new SystemClient(urlsOf(instance), auth),
    );
    let stopping: Promise<void> | undefined;
    return {
      stack,
      urls,
      databaseUrls,
      topicPrefix,
      client: clients[0] as SystemClient,
      auth,
      instances,
      clients,
      canInjectOutage: control.canInjectOutage,
      service,
      kill: (name, signal = 'SIGKILL', instance = 0) => service(name, instance).kill(signal),
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
