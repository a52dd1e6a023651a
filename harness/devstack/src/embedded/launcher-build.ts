import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import {
  firstErrorLine,
  isLibrdkafkaMissing,
  missingCompilerMessage,
  missingLibrdkafkaMessage,
  PrerequisiteError,
} from './prerequisites.js';
import { runToExit } from './processes.js';

const sourcePath = fileURLToPath(new URL('../../native/kafka-mock.c', import.meta.url));
const defaultCacheDir = fileURLToPath(
  new URL('../../node_modules/.cache/sagaflow-devstack/', import.meta.url),
);

/**
 * Path of the launcher binary, compiled on first use. The name carries a hash of
 * the C source so an edited launcher is rebuilt; the compile goes to a temporary
 * name and is renamed into place, so concurrent starts never run a partial file.
 */
export async function ensureLauncher(
  logger: Logger,
  {
    compiler = process.env.CC ?? 'cc',
    cacheDir = defaultCacheDir,
  }: { compiler?: string; cacheDir?: string } = {},
): Promise<string> {
  const source = await readFile(sourcePath);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = join(cacheDir, `kafka-mock-${hash}`);
  if (
    await access(binary).then(
      () => true,
      () => false,
    )
  ) {
    return binary;
  }
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const started = performance.now();
  const result = await runToExit(compiler, ['-O2', '-o', temporary, sourcePath, '-lrdkafka']);
  if (result.code !== 0) {
    await rm(temporary, { force: true });
    if (result.notFound) throw new PrerequisiteError(missingCompilerMessage(compiler));
    if (isLibrdkafkaMissing(result.output)) {
      throw new PrerequisiteError(missingLibrdkafkaMessage);
    }
    throw new Error(`compiling the Kafka mock launcher failed: ${firstErrorLine(result.output)}`);
  }
  await rename(temporary, binary);
  logger.debug({ binary, ms: Math.round(performance.now() - started) }, 'built the Kafka mock launcher');
  return binary;
}
