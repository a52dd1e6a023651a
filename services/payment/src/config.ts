import { serviceEnv } from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';

/** Payment reads only the settings every sagaflow service reads. */
export const paymentEnvSchema = serviceEnv({});
export type PaymentEnv = Static<typeof paymentEnvSchema>;
