import { describe, expect, it } from 'vitest';
import type { SagaMachine, TimelineEntry } from '../api/types.js';
import { happyOrder } from '../testing/happy-saga.js';
import { diagramPath } from './path.js';

const machine: SagaMachine = {
  version: 2,
  initial: 'reservingStock',
  states: [
    { name: 'reservingStock', terminal: false, tags: [] },
    { name: 'processingPayment', terminal: false, tags: [] },
    { name: 'compensating', terminal: false, tags: [] },
    { name: 'confirmed', terminal: true, tags: [] },
    { name: 'cancelled', terminal: true, tags: [] },
  ],
  transitions: [
    { from: 'reservingStock', to: 'processingPayment', event: 'StockReserved' },
    { from: 'reservingStock', to: 'cancelled', event: 'StockReservationFailed' },
    { from: 'processingPayment', to: 'confirmed', event: 'PaymentProcessed' },
    { from: 'processingPayment', to: 'compensating', event: 'PaymentFailed' },
    { from: 'processingPayment', to: 'compensating', event: 'DeadlineExpired' },
    { from: 'compensating', to: 'compensating', event: 'StockReleased' },
    { from: 'compensating', to: 'cancelled', event: 'no compensation left' },
  ],
};

const entry = (
  seq: number,
  from: string | null,
  to: string,
  event: string,
  outcome: TimelineEntry['outcome'] = 'transitioned',
): TimelineEntry => ({
  seq,
  at: new Date(Date.UTC(2026, 11, 1, 12, 0, seq)).toISOString(),
  from,
  to,
  event,
  outcome,
  actor: 'saga',
  reason: null,
  messageId: null,
  messages: [],
});

describe('diagramPath', () => {
  it('highlights the happy path’s states and edges', () => {
    const path = diagramPath(machine, happyOrder().timeline, 'confirmed');
    expect([...path.visited].sort()).toEqual(['confirmed', 'processingPayment', 'reservingStock']);
    expect([...path.edges].sort()).toEqual([0, 2]);
    expect(path.current).toBe('confirmed');
    expect(path.steps.map((step) => step.event)).toEqual([
      'OrderPlaced',
      'StockReserved',
      'PaymentProcessed',
    ]);
  });

  it('takes the edge of the same states when no edge names the event', () => {
    const timeline = [
      entry(1, null, 'reservingStock', 'OrderPlaced'),
      entry(2, 'reservingStock', 'processingPayment', 'StockReserved'),
      entry(3, 'processingPayment', 'compensating', 'DeadlineExpired'),
      entry(4, 'compensating', 'compensating', 'StockReleased'),
      entry(5, 'compensating', 'cancelled', 'PaymentRefunded'),
    ];
    const path = diagramPath(machine, timeline, 'cancelled');
    expect([...path.edges].sort()).toEqual([0, 4, 5, 6]);
    expect(path.steps.at(-1)?.edge).toBe(6);
  });

  it('leaves ignored events out of the path', () => {
    const timeline = [
      entry(1, null, 'reservingStock', 'OrderPlaced'),
      entry(2, 'reservingStock', 'reservingStock', 'PaymentProcessed', 'ignored'),
    ];
    const path = diagramPath(machine, timeline, 'reservingStock');
    expect(path.steps).toHaveLength(1);
    expect(path.edges.size).toBe(0);
    expect([...path.visited]).toEqual(['reservingStock']);
  });

  it('marks the initial state of a saga with no step yet', () => {
    const path = diagramPath(machine, [], 'reservingStock');
    expect([...path.visited]).toEqual(['reservingStock']);
  });
});
