import { appendFile } from 'node:fs/promises';
import { plainStackInfo, startDevstack } from '@sagaflow/devstack';
import type { TestProject } from 'vitest/node';
import './vitest-context.js';

/** When set, each project's stack is appended to this file as a JSON line: scripts/check.sh reports it. */
export const STACK_REPORT_ENV = 'SAGAFLOW_STACK_REPORT';

/** One stack per test project; tests read it with inject('devstack'). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startDevstack();
  project.provide('devstack', plainStackInfo(stack));
  const report = process.env[STACK_REPORT_ENV];
  if (report) {
    const line = {
      project: project.name,
      source: stack.source,
      kafka: stack.kafka,
      startupMs: stack.startupMs,
    };
    await appendFile(report, `${JSON.stringify(line)}\n`);
  }
  return () => stack.stop();
}
