import type { TestProject } from 'vitest/node';
import { startDevstack } from './start.js';
import { plainStackInfo } from './types.js';
import './vitest-context.js';

/** One stack per test project; tests read it with inject('devstack'). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startDevstack();
  project.provide('devstack', plainStackInfo(stack));
  return () => stack.stop();
}
