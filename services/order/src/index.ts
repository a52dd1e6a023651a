export { type OrderEnv, orderEnvSchema } from './config.js';
export { type OrderDatabase, type OrderTransaction, orderMigrationsFolder } from './db/database.js';
export { type OrderSchema, orderSchema } from './db/schema.js';
export { DeadlineScheduler } from './deadlines/scheduler.js';
export type { SagaRuntime } from './runner/runtime.js';
export { type SagaState, sagaStates } from './saga/advance.js';
export { toMermaid } from './saga/diagram.js';
export { currentMachineVersion, sagaMachine, sagaMachines } from './saga/versions.js';
export { orderService, type RunningOrder, sagaRuntimeFrom } from './service.js';
