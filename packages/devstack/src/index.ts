import './vitest-context.js';

export { createDatabase } from './database.js';
export { PrerequisiteError } from './embedded/prerequisites.js';
export { stackInfoFromEnv, stackInfoToEnv } from './env.js';
export { type KafkaControl, kafkaControl } from './kafka-control/index.js';
export { startDevstack } from './start.js';
export type { Devstack, KafkaControlInfo, StackInfo, StackSource, StartDevstackOptions } from './types.js';
