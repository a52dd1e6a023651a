export { type OrderEnv, orderEnvSchema } from './config.js';
export { type OrderDatabase, type OrderTransaction, orderMigrationsFolder } from './db/database.js';
export { type OrderSchema, orderSchema } from './db/schema.js';
export { DeadlineScheduler } from './deadlines/scheduler.js';
export {
  ListOrdersQuery,
  OrderList,
  OrderStatus,
  OrderSummary,
  OrderView,
  PlacedOrder,
  PlaceOrderBody,
} from './orders/schemas.js';
export {
  formatEntry,
  formatMessage,
  formatTimeline,
  type TimelineEntry,
  type TimelineMessage,
} from './orders/timeline-text.js';
export type { SagaRuntime } from './runner/runtime.js';
export { toMermaid } from './saga/diagram.js';
export type { SagaState } from './saga/machine.js';
export {
  currentMachineVersion,
  parkedStates,
  sagaMachine,
  sagaMachines,
  sagaStates,
  terminalStates,
} from './saga/versions.js';
export { orderService, type RunningOrder, sagaRuntimeFrom } from './service.js';
