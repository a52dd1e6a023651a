import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { PrerequisiteError } from '../prerequisites.js';
import { isAlive, runToExit } from '../processes.js';
import { missingMavenMessage } from './java.js';

export const kafkaPomPath = fileURLToPath(new URL('../../../kafka/pom.xml', import.meta.url));

export interface KafkaDistribution {
  version: string;
  /** Directory of the broker's jars: the JVM's class path is `<libDir>/*`. */
  libDir: string;
}

/** The Kafka version the pom asks for: the single place it is written down. */
export function kafkaVersionOf(pom: string): string {
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1];
  if (!version) throw new Error(`no <kafka.version> in ${kafkaPomPath}`);
  return version;
}

export async function kafkaVersion(): Promise<string> {
  return kafkaVersionOf(await readFile(kafkaPomPath, 'utf8'));
}

/** `$SAGAFLOW_CACHE_DIR`, else `$XDG_CACHE_HOME/sagaflow`, else `~/.cache/sagaflow`: never the work tree. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SAGAFLOW_CACHE_DIR?.trim()) return env.SAGAFLOW_CACHE_DIR.trim();
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg ? xdg : join(homedir(), '.cache'), 'sagaflow');
}

/** Maven's own words for why it failed: its [ERROR] lines, without the advice boilerplate. */
export function mavenFailure(output: string): string {
  const errors = output
    .split('\n')
    // Maven may prefix lines with terminal resets even when told not to colour.
    .map((line) => line.slice(Math.max(0, line.indexOf('[ERROR]'))).trim())
    .filter((line) => line.startsWith('[ERROR]') && !/^\[ERROR\]\s*(->|$|Re-run|For more|To see)/.test(line));
  return (errors.slice(0, 3).join(' ') || output.trim().split('\n').slice(-3).join(' ')).slice(0, 600);
}

/**
 * Holds a lock directory while `work` runs, so concurrent first starts fetch once
 * (Maven's local repository is not safe for concurrent writers). A lock whose
 * holder died is taken over.
 */
async function withLock<T>(lockDir: string, work: () => Promise<T>, logger: Logger): Promise<T> {
  const owner = join(lockDir, 'pid');
  for (let waitedMs = 0; ; waitedMs += 200) {
    try {
      await mkdir(lockDir);
      await writeFile(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(owner, 'utf8').catch(() => ''));
      const age =
        Date.now() -
        (await stat(lockDir).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if ((holder > 0 && !isAlive(holder)) || (!holder && age > 30_000)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (waitedMs % 10_000 === 0)
        logger.info({ holder }, 'devstack: waiting for another fetch of Apache Kafka');
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function hasJars(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.some((name) => name.startsWith('kafka_2.13-') && name.endsWith('.jar'));
}

/**
 * The broker's jars, fetched from Maven Central through Maven on first use and kept
 * in the cache afterwards. The directory name carries a hash of the pom, so an
 * edited pom (another version) is fetched anew; the copy is made under a temporary
 * name and renamed into place, so no start ever sees half a class path.
 */
export async function ensureKafka(
  logger: Logger,
  { cacheDir = join(cacheRoot(), 'kafka') }: { cacheDir?: string } = {},
): Promise<KafkaDistribution> {
  const pom = await readFile(kafkaPomPath, 'utf8');
  const version = kafkaVersionOf(pom);
  const hash = createHash('sha256').update(pom).digest('hex').slice(0, 12);
  const home = join(cacheDir, `${version}-${hash}`);
  const libDir = join(home, 'libs');
  if (await hasJars(libDir)) return { version, libDir };
  await mkdir(cacheDir, { recursive: true });
  return withLock(
    `${home}.lock`,
    async () => {
      if (await hasJars(libDir)) return { version, libDir };
      const staging = `${home}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      const started = performance.now();
      logger.info({ version, cacheDir: home }, 'devstack: fetching Apache Kafka from Maven Central (once)');
      const result = await runToExit(process.env.MAVEN_BINARY ?? 'mvn', [
        '-B',
        '-q',
        '-Dstyle.color=never',
        '-f',
        kafkaPomPath,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${join(staging, 'libs')}`,
        '-DincludeScope=runtime',
      ]);
      if (result.code !== 0 || !(await hasJars(join(staging, 'libs')))) {
        await rm(staging, { recursive: true, force: true });
        if (result.notFound) throw new PrerequisiteError(missingMavenMessage);
        throw new Error(`fetching Apache Kafka ${version} with Maven failed: ${mavenFailure(result.output)}`);
      }
      await rm(home, { recursive: true, force: true });
      await rename(staging, home);
      logger.info(
        { version, ms: Math.round(performance.now() - started) },
        'devstack: Apache Kafka fetched and cached',
      );
      return { version, libDir };
    },
    logger,
  );
}
