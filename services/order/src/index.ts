export { orderEnvSchema } from './config.js';
export { type OrderSchema, orderSchema } from './db/schema.js';
export { DeadlineScheduler } from './deadlines/scheduler.js';
export type { OrderDatabase, SagaRuntime } from './runner/runtime.js';
export { type SagaState, sagaStates } from './saga/advance.js';
export { toMermaid } from './saga/diagram.js';
export { currentMachineVersion, sagaMachine, sagaMachines } from './saga/versions.js';
export { orderMigrationsFolder, orderService, sagaRuntimeFrom } from './service.js';
