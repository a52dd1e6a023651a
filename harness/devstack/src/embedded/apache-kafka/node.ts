import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { isAlive, runToExit, waitForExit } from '../processes.js';
import { log4jProperties, type NodePorts, startedLine } from './config.js';

export interface NodeLaunch {
  java: string;
  libDir: string;
  jvmOptions: readonly string[];
  /** This node's directory inside the run: config, log4j config and data. */
  dir: string;
  ports: NodePorts;
  serverProperties: string;
  /** Extra `kafka-storage format` arguments, such as `--add-scram`. */
  formatArguments?: readonly string[];
}

const startTimeoutMs = 60_000;
const recentLines = 12;
/**
 * util-linux's setpriv sets PR_SET_PDEATHSIG and then execs the JVM, so the broker
 * is killed by the kernel the moment its owner dies, even by SIGKILL.
 */
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/** The last lines a process printed, for an error that says why it died. */
function tail(lines: string[]): string {
  return lines.length === 0 ? 'no output' : lines.join(' | ');
}

/** One Apache Kafka process (broker and controller): formatted once, then started, killed and started again. */
export class KafkaNode {
  private child: ChildProcess | undefined;
  /** Processes this node killed on purpose, whose exit is no news. */
  private readonly killed = new WeakSet<ChildProcess>();
  private readonly log: Logger;

  constructor(
    private readonly launch: NodeLaunch,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'apache-kafka', nodeId: launch.ports.nodeId });
  }

  get nodeId(): number {
    return this.launch.ports.nodeId;
  }

  get ports(): NodePorts {
    return this.launch.ports;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** From /proc, not from the exit event, which may still be on its way after a kill. */
  get running(): boolean {
    const pid = this.child?.pid;
    return pid !== undefined && this.child?.exitCode === null && isAlive(pid);
  }

  private get configFile(): string {
    return join(this.launch.dir, 'server.properties');
  }

  private classPath(): string[] {
    return [
      ...this.launch.jvmOptions,
      `-Dlog4j2.configurationFile=${join(this.launch.dir, 'log4j2.properties')}`,
      '-cp',
      join(this.launch.libDir, '*'),
    ];
  }

  /** Writes the configuration and formats the data directory with Kafka's own storage tool. */
  async format(clusterId: string): Promise<void> {
    await mkdir(join(this.launch.dir, 'data'), { recursive: true });
    await writeFile(this.configFile, this.launch.serverProperties);
    await writeFile(join(this.launch.dir, 'log4j2.properties'), log4jProperties);
    const result = await runToExit(this.launch.java, [
      ...this.classPath(),
      'kafka.tools.StorageTool',
      'format',
      // One word: an id may begin with '-', which would otherwise read as an option.
      `--cluster-id=${clusterId}`,
      `--config=${this.configFile}`,
      ...(this.launch.formatArguments ?? []),
    ]);
    if (result.code !== 0) {
      const lines = result.output.trim().split('\n').slice(-recentLines);
      throw new Error(`kafka storage format of node ${this.nodeId} failed: ${tail(lines)}`);
    }
  }

  /** Starts the process on the node's ports and data; resolves once it says it is up. */
  async start(): Promise<void> {
    if (this.running) return;
    const args = [...this.classPath(), 'kafka.Kafka', this.configFile];
    const [command, argv] = setpriv
      ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', this.launch.java, ...args]]
      : [this.launch.java, args];
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const recent: string[] = [];
    const remember = (line: string) => {
      recent.push(line);
      if (recent.length > recentLines) recent.shift();
    };
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      remember(line);
      this.log.warn(line);
    });
    let timer: NodeJS.Timeout | undefined;
    let up = false;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Apache Kafka node ${this.nodeId} did not start in ${startTimeoutMs} ms: ${tail(recent)}`,
              ),
            ),
          startTimeoutMs,
        );
        child.once('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
        child.once('exit', (code, signal) =>
          reject(
            new Error(
              `Apache Kafka node ${this.nodeId} exited during startup (code ${code}, signal ${signal}): ${tail(recent)}`,
            ),
          ),
        );
        lines.on('line', (line) => {
          if (up) return this.relay(line);
          remember(line);
          if (startedLine.test(line)) {
            up = true;
            resolve();
          }
          // Until it is up, a node's errors are its peers not being up yet; a fatal one ends the
          // start with these lines in its message.
          else this.log.debug(line);
        });
      });
    } catch (error) {
      this.killed.add(child);
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    child.on('exit', (code, signal) => {
      if (!this.killed.has(child))
        this.log.warn({ code, signal }, 'an Apache Kafka node exited unexpectedly');
    });
    unref(child);
  }

  /**
   * Kafka's own errors are worth a warning; its warnings (a peer that is down,
   * a fenced broker) are what fault tests cause on purpose, so they go to debug.
   */
  private relay(line: string): void {
    // Kafka prints whole request structures in some lines; the head says what happened.
    const text = line.length > 400 ? `${line.slice(0, 400)}…` : line;
    if (/^(ERROR|FATAL) /.test(line)) this.log.warn(text);
    else this.log.debug(text);
  }

  /** SIGKILL, as a crash looks: no controlled shutdown, open connections reset. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || !this.running) return;
    this.killed.add(child);
    child.kill('SIGKILL');
    if (!(await waitForExit(child.pid, 10_000)))
      throw new Error(`Apache Kafka node ${this.nodeId} (pid ${child.pid}) survived SIGKILL`);
  }

  /** Synchronous best effort for process exit hooks. */
  killNow(): void {
    const child = this.child;
    if (child && this.running) {
      this.killed.add(child);
      child.kill('SIGKILL');
    }
  }
}

function unref(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref?.();
}
