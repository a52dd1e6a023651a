/**
 * A service run as the dual-write baseline: `tsx harness/baselines/src/main.ts <service>`.
 * The same process as services/<service>/src/main.ts, with the baseline's sink in
 * place of the outbox; the launcher starts it when chaos or bench ask for dual-write.
 */
import { inventoryEnvSchema, inventoryService } from '@sagaflow/inventory';
import { orderEnvSchema, orderService } from '@sagaflow/order';
import { paymentEnvSchema, paymentService } from '@sagaflow/payment';
import { runService } from '@sagaflow/service-kit';
import { openDualWriteSink } from './dual-write.js';

const options = { sink: openDualWriteSink };
const name = process.argv[2];
switch (name) {
  case 'order':
    await runService(orderService, orderEnvSchema, options);
    break;
  case 'inventory':
    await runService(inventoryService, inventoryEnvSchema, options);
    break;
  case 'payment':
    await runService(paymentService, paymentEnvSchema, options);
    break;
  default:
    console.error(
      `usage: tsx harness/baselines/src/main.ts order|inventory|payment (got ${name ?? 'nothing'})`,
    );
    process.exit(2);
}
