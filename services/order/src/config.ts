import { serviceEnv } from '@sagaflow/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { currentMachineVersion, sagaMachines } from './saga/versions.js';

const milliseconds = (fallback: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 86_400_000, default: fallback, description });

export const orderEnvSchema = serviceEnv({
  STOCK_TIMEOUT_MS: milliseconds(10_000, 'How long the saga waits for a reservation reply'),
  PAYMENT_TIMEOUT_MS: milliseconds(10_000, 'How long the saga waits for a payment reply'),
  COMPENSATION_STEP_TIMEOUT_MS: milliseconds(10_000, 'How long one compensation attempt waits for its reply'),
  COMPENSATION_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 5,
    description: 'Attempts of one compensation before the saga parks in compensationFailed',
  }),
  DEADLINE_POLL_MS: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 250,
    description: 'How often the deadline scheduler looks for sagas past their deadline',
  }),
  SAGA_MACHINE_VERSION: Type.Union(
    Object.keys(sagaMachines).map((version) => Type.Literal(Number(version))),
    { default: currentMachineVersion, description: 'The machine version new sagas start on' },
  ),
  BODY_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 10_485_760,
    default: 65_536,
    description: 'Largest POST body, in bytes; larger is a 413',
  }),
  CONSOLE_INVENTORY_URL: Type.Optional(
    Type.String({
      description:
        'Base URL the order service reaches the inventory service at; the console shows its outbox and dead letters through it (unset: not shown)',
    }),
  ),
  CONSOLE_PAYMENT_URL: Type.Optional(
    Type.String({
      description:
        'Base URL the order service reaches the payment service at, for the console, as CONSOLE_INVENTORY_URL',
    }),
  ),
  CONSOLE_TRACE_URL: Type.Optional(
    Type.String({
      description:
        'Link to one trace in a trace UI, {traceId} standing for its id (e.g. http://localhost:16686/trace/{traceId}); unset: trace ids are shown as text',
    }),
  ),
});
export type OrderEnv = Static<typeof orderEnvSchema>;
