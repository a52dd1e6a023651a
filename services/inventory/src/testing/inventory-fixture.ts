import { topics } from '@sagaflow/contracts';
import { loadEnv, startService } from '@sagaflow/service-kit';
import { KafkaPeer, type LocalAuth } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import type { Product } from '../catalog/catalog-schemas.js';
import { upsertProduct } from '../catalog/catalog-store.js';
import { inventoryEnvSchema } from '../config.js';
import { inventoryService, type RunningInventory } from '../service.js';

export interface InventoryFixture {
  service: RunningInventory;
  /** Sends inventory commands and records every saga reply. */
  peer: KafkaPeer;
  /** Mints the tokens the service accepts. */
  auth: LocalAuth;
  /** The service's consumer group: its topic prefix and name. */
  consumerGroup: string;
  close(): Promise<void>;
}

/** The service started in-process on a fresh database and topics, with a peer playing the saga. */
export async function startInventoryFixture(
  extraEnv: Record<string, string> = {},
): Promise<InventoryFixture> {
  const { env, stack, topicPrefix, auth } = await testEnvironment('inventory', extraEnv);
  const service = await startService(inventoryService, loadEnv(inventoryEnvSchema, env), {
    logger: pino({ level: env.LOG_LEVEL }),
  });
  const peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.orderSagaReplies);
  return {
    service,
    peer,
    auth,
    consumerGroup: `${topicPrefix}inventory`,
    async close() {
      await peer.close();
      await service.stop();
    },
  };
}

export async function stockOf(service: RunningInventory, sku: string): Promise<Product> {
  const { rows } = await service.pool.query<Product>(
    `select sku, name, price_cents as "priceCents", on_hand as "onHand", reserved, sold
     from products where sku = $1`,
    [sku],
  );
  const [product] = rows;
  if (product === undefined) throw new Error(`no product ${sku}`);
  return product;
}

export function seed(
  service: RunningInventory,
  sku: string,
  onHand: number,
  priceCents = 1000,
): Promise<Product> {
  return upsertProduct(service.db, { sku, name: `Product ${sku}`, priceCents, onHand });
}
