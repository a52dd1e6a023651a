import { setTimeout as sleep } from 'node:timers/promises';
import { bearer, type LocalAuth } from '@sagaflow/testkit';
import type { ServiceUrls } from '../launcher/types.js';
import { requestJson } from './http.js';
import type {
  LedgerEntry,
  OrderView,
  Payment,
  PlacedOrder,
  PlaceOrder,
  Product,
  Reservation,
  Wallet,
} from './types.js';

const pollMs = 100;

/**
 * Typed calls to the three services' HTTP APIs, each with the token it needs: an
 * order is placed by its customer, everything else is done by an operator.
 */
export class SystemClient {
  constructor(
    readonly urls: ServiceUrls,
    readonly auth: LocalAuth,
  ) {}

  private async asOperator(): Promise<Record<string, string>> {
    return bearer(await this.auth.operator());
  }

  /** POST /orders as the customer the order names. */
  async placeOrder(order: PlaceOrder, idempotencyKey?: string): Promise<PlacedOrder> {
    const response = await requestJson<PlacedOrder>('POST', `${this.urls.order}/orders`, {
      body: order,
      accept: [201, 202],
      headers: {
        ...bearer(await this.auth.customer(order.customerId)),
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
    });
    return response.body;
  }

  async getOrder(id: string): Promise<OrderView> {
    const url = `${this.urls.order}/orders/${encodeURIComponent(id)}`;
    return (await requestJson<OrderView>('GET', url, { headers: await this.asOperator() })).body;
  }

  /** Polls `GET /orders/:id` until `predicate` holds; the error shows the last state seen. */
  async waitForOrder(
    id: string,
    predicate: (view: OrderView) => boolean,
    timeoutMs: number,
  ): Promise<OrderView> {
    const deadline = Date.now() + timeoutMs;
    let last: OrderView | undefined;
    let lastError: Error | undefined;
    while (Date.now() < deadline) {
      try {
        last = await this.getOrder(id);
        lastError = undefined;
        if (predicate(last)) return last;
      } catch (error) {
        // The order service may be restarting or briefly unreachable; keep polling.
        lastError = error as Error;
      }
      await sleep(pollMs);
    }
    const seen = last
      ? `status ${last.order.status}, events ${last.timeline.map((entry) => entry.event).join(' → ') || 'none'}`
      : 'nothing';
    throw new Error(
      `order ${id}: condition not met within ${timeoutMs} ms; last seen ${seen}${lastError ? ` (${lastError.message})` : ''}`,
    );
  }

  /** An operator action; the audit records `operator` (the token's subject) and the reason. */
  async admin(
    id: string,
    action: 'retry' | 'compensate' | 'resolve',
    { operator, reason }: { operator: string; reason: string },
  ): Promise<unknown> {
    const url = `${this.urls.order}/admin/orders/${encodeURIComponent(id)}/${action}`;
    const headers = bearer(await this.auth.operator(operator));
    return (await requestJson<unknown>('POST', url, { body: { reason }, headers })).body;
  }

  /** Ids of the sagas parked for an operator (GET /admin/sagas/parked). */
  async listParked(): Promise<string[]> {
    const url = `${this.urls.order}/admin/sagas/parked`;
    const headers = await this.asOperator();
    return (await requestJson<{ items: Array<{ id: string }> }>('GET', url, { headers })).body.items.map(
      (item) => item.id,
    );
  }

  async seedProduct(
    sku: string,
    product: { name: string; priceCents: number; onHand: number },
  ): Promise<Product> {
    const url = `${this.urls.inventory}/catalog/${encodeURIComponent(sku)}`;
    return (await requestJson<Product>('PUT', url, { body: product, headers: await this.asOperator() })).body;
  }

  async getProduct(sku: string): Promise<Product> {
    const url = `${this.urls.inventory}/catalog/${encodeURIComponent(sku)}`;
    return (await requestJson<Product>('GET', url, { headers: await this.asOperator() })).body;
  }

  async getReservation(orderId: string): Promise<Reservation | undefined> {
    const url = `${this.urls.inventory}/reservations/${encodeURIComponent(orderId)}`;
    const response = await requestJson<Reservation>('GET', url, {
      accept: [200, 404],
      headers: await this.asOperator(),
    });
    return response.status === 404 ? undefined : response.body;
  }

  async seedWallet(customerId: string, balanceCents: number): Promise<Wallet> {
    const url = `${this.urls.payment}/wallets/${encodeURIComponent(customerId)}`;
    return (
      await requestJson<Wallet>('PUT', url, { body: { balanceCents }, headers: await this.asOperator() })
    ).body;
  }

  async getWallet(customerId: string): Promise<Wallet> {
    const url = `${this.urls.payment}/wallets/${encodeURIComponent(customerId)}`;
    return (await requestJson<Wallet>('GET', url, { headers: await this.asOperator() })).body;
  }

  async getLedger(customerId: string): Promise<LedgerEntry[]> {
    const url = `${this.urls.payment}/wallets/${encodeURIComponent(customerId)}/entries`;
    // The payment service wraps the lines as `{ customerId, entries }`; a bare list is read too.
    const headers = await this.asOperator();
    const body = (await requestJson<LedgerEntry[] | { entries: LedgerEntry[] }>('GET', url, { headers }))
      .body;
    return Array.isArray(body) ? body : body.entries;
  }

  async getPayment(orderId: string): Promise<Payment | undefined> {
    const url = `${this.urls.payment}/payments/${encodeURIComponent(orderId)}`;
    const response = await requestJson<Payment>('GET', url, {
      accept: [200, 404],
      headers: await this.asOperator(),
    });
    return response.status === 404 ? undefined : response.body;
  }
}
