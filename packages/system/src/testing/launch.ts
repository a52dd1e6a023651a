import { join } from 'node:path';
import { uniqueName } from '@sagaflow/service-kit/testing';
import { inject } from 'vitest';
import { launchSystem, repoRoot, type System } from '../launcher/launcher.js';

/**
 * The three services as OS processes on the test project's shared stack, with
 * databases, topics and a log folder (.tmp/logs/<name>_…) of the calling file's own.
 */
export function launchTestSystem(name: string, env: Record<string, string>): Promise<System> {
  const id = uniqueName(name);
  return launchSystem({
    stack: inject('devstack'),
    databasePrefix: `${id}_`,
    topicPrefix: `${id}.`,
    logDir: join(repoRoot, '.tmp', 'logs', id),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    env,
  });
}
