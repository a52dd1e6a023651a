import type { SystemClient } from '../client/client.js';
import type { PlaceOrder } from '../client/types.js';
import type { SagaKind } from './plan.js';

/**
 * The run's catalog and wallets. Happy sagas buy 1–3 units of plentiful skus with
 * rich customers; out-of-stock sagas ask for more of the scarce sku than exists;
 * insufficient-funds sagas reserve stock, then meet a wallet of 50 cents.
 */
export interface Workload {
  products: Array<{ sku: string; priceCents: number; onHand: number }>;
  /** Each wallet's one seed credit. */
  wallets: Array<{ customerId: string; creditCents: number }>;
}

const plentiful = ['chaos-widget', 'chaos-gadget', 'chaos-gizmo', 'chaos-sprocket', 'chaos-flange'];
const scarceSku = 'chaos-scarce';
const rich = Array.from({ length: 20 }, (_, i) => `chaos-rich-${i + 1}`);
const poor = Array.from({ length: 5 }, (_, i) => `chaos-poor-${i + 1}`);

export function chaosWorkload(): Workload {
  return {
    products: [
      ...plentiful.map((sku, i) => ({ sku, priceCents: 100 * (i + 1), onHand: 100_000 })),
      { sku: scarceSku, priceCents: 250, onHand: 3 },
    ],
    wallets: [
      ...rich.map((customerId) => ({ customerId, creditCents: 1_000_000_000 })),
      ...poor.map((customerId) => ({ customerId, creditCents: 50 })),
    ],
  };
}

export function orderFor(kind: SagaKind, index: number): PlaceOrder {
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
  const sku = pick(plentiful, index);
  switch (kind) {
    case 'happy': {
      const items = [{ sku, quantity: 1 + (index % 3) }];
      if (index % 2 === 0) items.push({ sku: pick(plentiful, index + 1), quantity: 1 });
      return { customerId: pick(rich, index), items };
    }
    case 'out-of-stock':
      return {
        customerId: pick(rich, index),
        items: [
          { sku, quantity: 1 },
          { sku: scarceSku, quantity: 50 },
        ],
      };
    case 'insufficient-funds':
      return { customerId: pick(poor, index), items: [{ sku, quantity: 1 }] };
    default: {
      const unknown: never = kind;
      throw new Error(`unknown saga kind ${String(unknown)}`);
    }
  }
}

export async function seedWorkload(client: SystemClient, workload: Workload): Promise<void> {
  for (const product of workload.products) {
    await client.seedProduct(product.sku, {
      name: product.sku,
      priceCents: product.priceCents,
      onHand: product.onHand,
    });
  }
  for (const wallet of workload.wallets) await client.seedWallet(wallet.customerId, wallet.creditCents);
}
