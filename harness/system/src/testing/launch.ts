import { join } from 'node:path';
import { startDevstack } from '@sagaflow/devstack';
import { uniqueName } from '@sagaflow/testkit';
import { pino } from 'pino';
import { inject } from 'vitest';
import { launchSystem, repoRoot, type System } from '../launcher/launcher.js';

export interface TestSystemOptions {
  /**
   * A Kafka of the file's own beside the shared Postgres, for a file that takes
   * the broker down: no other test file may meet that outage.
   */
  ownKafka?: boolean;
}

/**
 * The three services as OS processes on the test project's shared stack, with
 * databases, topics and a log folder (.tmp/logs/<name>_…) of the calling file's own.
 */
export async function launchTestSystem(
  name: string,
  env: Record<string, string>,
  options: TestSystemOptions = {},
): Promise<System> {
  const id = uniqueName(name);
  const shared = inject('devstack');
  const own = options.ownKafka
    ? await startDevstack({ postgresOf: shared, logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }) })
    : undefined;
  try {
    const system = await launchSystem({
      stack: own ?? shared,
      databasePrefix: `${id}_`,
      topicPrefix: `${id}.`,
      logDir: join(repoRoot, '.tmp', 'logs', id),
      logLevel: process.env.LOG_LEVEL ?? 'info',
      env,
    });
    return {
      ...system,
      stop: async () => {
        await system.stop();
        await own?.stop();
      },
    };
  } catch (error) {
    await own?.stop();
    throw error;
  }
}
