import { parkedStatuses, terminalStatuses } from '../client/types.js';
import type { Books, Expectations } from './books.js';

export interface Violation {
  check: string;
  subject: string;
  detail: string;
  /** For a lost message: its type. */
  messageType?: string;
}

export interface AuditResult {
  sagas: number;
  terminal: number;
  confirmed: number;
  cancelled: number;
  parked: number;
  violations: Violation[];
  /** Dead letters matched to a fault the run injected, with their reasons. */
  explainedDeadLetters: string[];
}

const finalStatuses: ReadonlySet<string> = new Set(terminalStatuses);
const parkedStates: ReadonlySet<string> = new Set(parkedStatuses);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Checks the books against what the run did; pure, so every rule is tested without a system. */
export function audit(books: Books, expected: Expectations): AuditResult {
  const violations: Violation[] = [];
  const flag = (check: string, subject: string, detail: string) =>
    violations.push({ check, subject, detail });
  const ordersById = new Map(books.orders.map((order) => [order.id, order]));
  const orderEntries = books.walletEntries.flatMap((entry) =>
    entry.orderId === null ? [] : [{ ...entry, orderId: entry.orderId }],
  );
  const entriesByOrder = groupBy(orderEntries, (entry) => entry.orderId);
  const reservationByOrder = new Map(books.reservations.map((r) => [r.orderId, r.status]));

  for (const saga of expected.sagas) {
    if (saga.orderId === null) {
      flag('accepted', `saga ${saga.index}`, 'the order service never accepted the request');
      continue;
    }
    const order = ordersById.get(saga.orderId);
    if (!order) flag('accepted', saga.orderId, 'accepted (202) but no order row exists');
    else if (order.status === 'confirmed' && saga.kind !== 'happy') {
      flag('outcome', order.id, `a ${saga.kind} saga was confirmed`);
    }
  }

  let confirmed = 0;
  let cancelled = 0;
  let parked = 0;
  let terminal = 0;
  for (const order of books.orders) {
    const entries = entriesByOrder.get(order.id) ?? [];
    const debits = entries.filter((entry) => entry.kind === 'debit');
    const net = entries.reduce((sum, e) => sum + (e.kind === 'debit' ? e.amountCents : -e.amountCents), 0);
    const reservation = reservationByOrder.get(order.id) ?? 'none';
    if (parkedStates.has(order.status)) {
      parked += 1;
      terminal += 1;
      const reason = books.parkedReasons.get(order.id);
      if (!books.parkedListed.has(order.id))
        flag('parked', order.id, 'parked but not listed by /admin/sagas/parked');
      if (!reason) flag('parked', order.id, 'parked without a recorded reason');
      continue;
    }
    if (!finalStatuses.has(order.status)) {
      flag('terminal', order.id, `still ${order.status}`);
      continue;
    }
    terminal += 1;
    if (order.status === 'confirmed') {
      confirmed += 1;
      if (debits.length !== 1 || entries.length !== 1) {
        flag(
          'charge',
          order.id,
          `confirmed with ${debits.length} debits and ${entries.length - debits.length} credits`,
        );
      } else if (order.totalCents !== null && debits[0]?.amountCents !== order.totalCents) {
        flag('charge', order.id, `debited ${debits[0]?.amountCents} for a total of ${order.totalCents}`);
      }
      if (reservation !== 'committed')
        flag('stock', order.id, `confirmed but its reservation is ${reservation}`);
    } else if (order.status === 'cancelled') {
      cancelled += 1;
      if (net !== 0) flag('charge', order.id, `cancelled with a net charge of ${net} cents`);
      if (reservation === 'reserved' || reservation === 'committed') {
        flag('stock', order.id, `cancelled but its reservation is ${reservation}`);
      }
    }
  }

  for (const orderId of new Set([...entriesByOrder.keys(), ...reservationByOrder.keys()])) {
    if (ordersById.has(orderId)) continue;
    const charged = (entriesByOrder.get(orderId) ?? []).length > 0;
    const held = reservationByOrder.get(orderId);
    if (charged || held === 'reserved' || held === 'committed') {
      flag('orphan', orderId, 'money or stock moved for an order the order service does not know');
    }
  }

  auditStock(books, expected, flag);
  auditMoney(books, expected, flag);

  for (const [service, rows] of Object.entries(books.outboxRows)) {
    if (rows > 0) flag('outbox', service, `${rows} messages still in the outbox`);
  }
  const explainedDeadLetters: string[] = [];
  for (const letter of books.deadLetters) {
    const where = `${letter.service} ${letter.topic}`;
    if (letter.key !== null && expected.injectedPoisonKeys.has(letter.key)) {
      explainedDeadLetters.push(`${where} key ${letter.key}: injected poison; ${letter.reason}`);
    } else {
      flag('dead-letter', where, `${letter.type ?? 'unreadable'} (key ${letter.key}): ${letter.reason}`);
    }
  }
  for (const message of books.writtenByOrder) {
    if (!books.onTheBroker.has(message.id)) {
      violations.push({
        check: 'lost-message',
        subject: message.orderId,
        detail: `${message.type} ${message.id} was committed but never reached the broker`,
        messageType: message.type,
      });
    }
  }
  auditReplies(books, violations);
  return {
    sagas: expected.sagas.length,
    terminal,
    confirmed,
    cancelled,
    parked,
    violations,
    explainedDeadLetters,
  };
}

type Flag = (check: string, subject: string, detail: string) => void;

function auditStock(books: Books, expected: Expectations, flag: Flag): void {
  const status = new Map(books.reservations.map((r) => [r.orderId, r.status]));
  const held = new Map<string, { reserved: number; sold: number }>();
  for (const line of books.reservationLines) {
    const totals = held.get(line.sku) ?? { reserved: 0, sold: 0 };
    const state = status.get(line.orderId);
    if (state === 'reserved') totals.reserved += line.quantity;
    if (state === 'committed') totals.sold += line.quantity;
    held.set(line.sku, totals);
  }
  for (const product of books.products) {
    const initial = expected.initialStock.get(product.sku);
    if (initial === undefined) continue;
    const total = product.onHand + product.reserved + product.sold;
    if (total !== initial) {
      flag(
        'stock',
        product.sku,
        `initial ${initial} ≠ on hand ${product.onHand} + reserved ${product.reserved} + sold ${product.sold}`,
      );
    }
    const lines = held.get(product.sku) ?? { reserved: 0, sold: 0 };
    if (lines.reserved !== product.reserved || lines.sold !== product.sold) {
      flag(
        'stock',
        product.sku,
        `counters say reserved ${product.reserved}, sold ${product.sold}; reservations say ${lines.reserved}, ${lines.sold}`,
      );
    }
  }
}

interface WalletTotals {
  credited: number;
  charged: number;
  refunded: number;
}

/**
 * Per wallet, from the payment database alone, the books equation: initial
 * balance (0) + top-ups = balance + charges - refunds. And the top-ups are what the
 * run credited: a seed credited twice, or lost, balances its books but not the run's.
 */
function auditMoney(books: Books, expected: Expectations, flag: Flag): void {
  const totals = new Map<string, WalletTotals>();
  for (const entry of books.walletEntries) {
    const sums = totals.get(entry.customerId) ?? { credited: 0, charged: 0, refunded: 0 };
    if (entry.kind === 'debit') {
      sums.charged += entry.amountCents;
      if (entry.orderId === null)
        flag('books', entry.customerId, `a debit of ${entry.amountCents} cents for no order`);
    } else if (entry.orderId === null) sums.credited += entry.amountCents;
    else sums.refunded += entry.amountCents;
    totals.set(entry.customerId, sums);
  }
  const walletIds = new Set(books.wallets.map((wallet) => wallet.customerId));
  for (const customerId of expected.seededCredits.keys()) {
    if (!walletIds.has(customerId))
      flag('money', customerId, 'seeded, but the payment service has no wallet');
  }
  for (const wallet of books.wallets) {
    const { credited, charged, refunded } = totals.get(wallet.customerId) ?? {
      credited: 0,
      charged: 0,
      refunded: 0,
    };
    if (credited !== wallet.balanceCents + charged - refunded) {
      flag(
        'books',
        wallet.customerId,
        `credits ${credited} ≠ balance ${wallet.balanceCents} + charges ${charged} - refunds ${refunded}`,
      );
    }
    const seeded = expected.seededCredits.get(wallet.customerId);
    if (seeded !== undefined && seeded !== credited) {
      flag('money', wallet.customerId, `the run credited ${seeded} cents, the ledger ${credited}`);
    }
  }
}

/** The commands that each get exactly one reply, caused by them, from the participant that handled them. */
const answeredCommands = new Set(['ReserveStock', 'ReleaseStock', 'ProcessPayment', 'RefundPayment']);

/**
 * A participant's replies are written nowhere the audit can list, but each command it
 * handled must have caused one: a handled command with no reply on the broker is a
 * reply that was committed and lost.
 */
function auditReplies(books: Books, violations: Violation[]): void {
  const answered = new Set<string>();
  for (const message of books.onTheBroker.values()) {
    if (message.causationId !== null) answered.add(message.causationId);
  }
  for (const { service, messageId } of books.handledByParticipants) {
    const command = books.onTheBroker.get(messageId);
    if (!command || !answeredCommands.has(command.type) || answered.has(messageId)) continue;
    violations.push({
      check: 'lost-message',
      subject: service,
      detail: `handled ${command.type} ${messageId}, but its reply never reached the broker`,
      messageType: `reply to ${command.type}`,
    });
  }
}
