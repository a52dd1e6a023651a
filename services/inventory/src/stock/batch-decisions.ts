import type { inventoryCommands, MessageOf } from '@sagaflow/contracts';
import { assertNever } from '@sagaflow/service-kit';
import type { ReservationStatus } from '../db/schema.js';
import {
  type CommitDecision,
  decideCommit,
  decideRelease,
  decideReservation,
  mergeRequestedLines,
  type Priced,
  type ProductStock,
  type ReleaseDecision,
  type ReleasedLine,
  type Requested,
  type ReservationReplay,
  replayReservation,
  type Shortfall,
} from './decisions.js';

export type StockCommand = MessageOf<typeof inventoryCommands>;

/** What inventory has recorded for an order. */
export interface ReservationRecord {
  status: ReservationStatus;
  /** In request order. */
  lines: Priced[];
  shortfalls: Shortfall[];
}

/** A row this batch inserted to own an order, with the status it was inserted with. */
export interface Claim {
  orderId: string;
  status: ReservationStatus;
}

/** The rows the batch holds locked when it decides. */
export interface LockedRows {
  /** Orders this batch claimed: unknown to inventory before it. */
  claimed: readonly Claim[];
  /** Orders inventory already had a record of. */
  existing: ReadonlyMap<string, ReservationRecord>;
  products: ReadonlyMap<string, ProductStock>;
}

export type CommandOutcome =
  | {
      type: 'ReserveStock';
      orderId: string;
      /** The status the order had when the command came; undefined when this command decided it. */
      decidedBefore: ReservationStatus | undefined;
      reply: ReservationReplay;
    }
  | {
      type: 'ReleaseStock';
      orderId: string;
      reason: string;
      decision: ReleaseDecision;
      statusBefore: ReservationStatus | undefined;
      lines: ReleasedLine[];
    }
  | { type: 'CommitStock'; orderId: string; decision: CommitDecision; lines: number };

/** A change of one product's buckets; the three always sum to zero. */
export interface StockMove {
  sku: string;
  onHand: number;
  reserved: number;
  sold: number;
}

export interface StatusChange extends Claim {
  shortfalls: Shortfall[];
}

export interface BatchPlan {
  /** One per command, in the commands' order. */
  outcomes: CommandOutcome[];
  /** Net per sku over the whole batch, sorted by sku; skus whose stock ends where it began are left out. */
  stockMoves: StockMove[];
  /** The lines of every order reserved by this batch, sorted by order id. */
  reservedLines: { orderId: string; lines: Priced[] }[];
  /** Every order whose row must change, sorted by order id. */
  statusChanges: StatusChange[];
}

/**
 * The orders a batch must own before it decides: each order a ReserveStock or
 * ReleaseStock names gets a row, inserted with what its first such command most
 * likely leaves (a reservation, a released tombstone) and corrected by the batch's
 * status update when the decision differs; no other transaction sees the row before
 * the batch commits. A CommitStock never creates a row, as one handled alone never
 * did. Sorted by order id.
 */
export function claimsOf(commands: readonly StockCommand[]): Claim[] {
  const claims = new Map<string, ReservationStatus>();
  for (const command of commands) {
    const { orderId } = command.payload;
    if (claims.has(orderId)) continue;
    if (command.type === 'ReserveStock') claims.set(orderId, 'reserved');
    if (command.type === 'ReleaseStock') claims.set(orderId, 'released');
  }
  return [...claims].map(([orderId, status]) => ({ orderId, status })).sort(byKey((claim) => claim.orderId));
}

/**
 * Every product whose stock the batch may move: what the orders it claimed ask for,
 * and what the known orders it releases or commits hold. A replayed reservation
 * moves nothing and locks nothing.
 */
export function skusToLock(
  commands: readonly StockCommand[],
  claimed: ReadonlySet<string>,
  existing: ReadonlyMap<string, ReservationRecord>,
): string[] {
  const skus = new Set<string>();
  for (const command of commands) {
    const { orderId } = command.payload;
    if (command.type === 'ReserveStock') {
      if (claimed.has(orderId)) for (const item of command.payload.items) skus.add(item.sku);
      continue;
    }
    const record = existing.get(orderId);
    if (record?.status === 'reserved') for (const line of record.lines) skus.add(line.sku);
  }
  return [...skus].sort(compareText);
}

/**
 * Decides the commands one after another, in their order, as if each were handled
 * alone after the one before had committed: each sees the order records and the
 * stock the earlier ones left. `locked` must be the rows locked for the whole batch.
 */
export function decideBatch(commands: readonly StockCommand[], locked: LockedRows): BatchPlan {
  const state = new BatchState(locked);
  const outcomes = commands.map((command) => state.decide(command));
  return {
    outcomes,
    stockMoves: state.stockMoves(),
    reservedLines: state.reservedLines(),
    statusChanges: state.statusChanges(locked),
  };
}

type StockColumn = keyof Omit<StockMove, 'sku'>;

class BatchState {
  /** What each order's record says now; a claimed order is absent until a command decides it. */
  private readonly orders: Map<string, ReservationRecord>;
  private readonly stock: Map<string, ProductStock>;
  private readonly moves = new Map<string, StockMove>();
  private readonly reserved = new Map<string, Priced[]>();

  constructor(locked: LockedRows) {
    this.orders = new Map(locked.existing);
    this.stock = new Map([...locked.products].map(([sku, product]) => [sku, { ...product }]));
  }

  decide(command: StockCommand): CommandOutcome {
    switch (command.type) {
      case 'ReserveStock':
        return this.reserve(command.payload.orderId, command.payload.items);
      case 'ReleaseStock':
        return this.release(command.payload.orderId, command.payload.reason);
      case 'CommitStock':
        return this.commit(command.payload.orderId);
      default:
        return assertNever(command);
    }
  }

  private reserve(orderId: string, items: readonly Requested[]): CommandOutcome {
    const before = this.orders.get(orderId);
    if (before !== undefined) {
      const reply = replayReservation(before.status, before.lines, before.shortfalls);
      return { type: 'ReserveStock', orderId, decidedBefore: before.status, reply };
    }
    const decision = decideReservation(mergeRequestedLines(items), this.stock);
    if (decision.outcome === 'fail') {
      this.orders.set(orderId, { status: 'failed', lines: [], shortfalls: decision.shortfalls });
      const reply = { outcome: 'failed', reason: 'out_of_stock', shortfalls: decision.shortfalls } as const;
      return { type: 'ReserveStock', orderId, decidedBefore: undefined, reply };
    }
    this.move(decision.lines, 'onHand', 'reserved');
    this.orders.set(orderId, { status: 'reserved', lines: decision.lines, shortfalls: [] });
    this.reserved.set(orderId, decision.lines);
    const reply = { outcome: 'reserved', lines: decision.lines, totalCents: decision.totalCents } as const;
    return { type: 'ReserveStock', orderId, decidedBefore: undefined, reply };
  }

  private release(orderId: string, reason: string): CommandOutcome {
    const before = this.orders.get(orderId);
    const decision = decideRelease(before?.status);
    const held = (before?.lines ?? []).map((line) => ({ sku: line.sku, quantity: line.quantity }));
    const outcome = {
      type: 'ReleaseStock',
      orderId,
      reason,
      decision,
      statusBefore: before?.status,
    } as const;
    switch (decision.action) {
      case 'tombstone':
        this.orders.set(orderId, { status: 'released', lines: [], shortfalls: [] });
        return { ...outcome, lines: [] };
      case 'release':
        this.move(held, 'reserved', 'onHand');
        this.orders.set(orderId, { status: 'released', lines: before?.lines ?? [], shortfalls: [] });
        return { ...outcome, lines: held };
      case 'already-released':
        return { ...outcome, lines: held };
      case 'nothing-held':
      case 'refuse-sold':
        return { ...outcome, lines: [] };
      default:
        return assertNever(decision);
    }
  }

  private commit(orderId: string): CommandOutcome {
    const before = this.orders.get(orderId);
    const decision = decideCommit(before?.status);
    if (decision.action === 'commit' && before !== undefined) {
      this.move(before.lines, 'reserved', 'sold');
      this.orders.set(orderId, { ...before, status: 'committed' });
    }
    return { type: 'CommitStock', orderId, decision, lines: before?.lines.length ?? 0 };
  }

  private move(
    lines: readonly { sku: string; quantity: number }[],
    from: StockColumn,
    to: StockColumn,
  ): void {
    for (const { sku, quantity } of lines) {
      const product = this.stock.get(sku);
      // The lines reference their products, so a missing row means the data is corrupt.
      if (product === undefined)
        throw new Error(`product ${sku} of a reservation line is not locked or does not exist`);
      const move = this.moves.get(sku) ?? { sku, onHand: 0, reserved: 0, sold: 0 };
      move[from] -= quantity;
      move[to] += quantity;
      this.moves.set(sku, move);
      product.onHand += (to === 'onHand' ? quantity : 0) - (from === 'onHand' ? quantity : 0);
    }
  }

  stockMoves(): StockMove[] {
    return [...this.moves.values()]
      .filter((move) => move.onHand !== 0 || move.reserved !== 0 || move.sold !== 0)
      .sort(byKey((move) => move.sku));
  }

  reservedLines(): BatchPlan['reservedLines'] {
    return [...this.reserved]
      .map(([orderId, lines]) => ({ orderId, lines }))
      .sort(byKey((entry) => entry.orderId));
  }

  statusChanges(locked: LockedRows): StatusChange[] {
    const rows = new Map<string, { status: ReservationStatus; shortfalls: Shortfall[] }>(locked.existing);
    for (const claim of locked.claimed) rows.set(claim.orderId, { status: claim.status, shortfalls: [] });
    const changes: StatusChange[] = [];
    for (const [orderId, row] of rows) {
      const now = this.orders.get(orderId);
      // A claim is made only for an order that a ReserveStock or ReleaseStock of the batch decides.
      if (now === undefined) throw new Error(`order ${orderId} was claimed but nothing decided it`);
      if (now.status === row.status && sameShortfalls(now.shortfalls, row.shortfalls)) continue;
      changes.push({ orderId, status: now.status, shortfalls: now.shortfalls });
    }
    return changes.sort(byKey((change) => change.orderId));
  }
}

function sameShortfalls(a: readonly Shortfall[], b: readonly Shortfall[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Code-unit order; the lock statements sort again in SQL, which is the order that counts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(key(a), key(b));
}
