import { describe, expect, it } from 'vitest';
import type { SagaMachine } from '../api/types.js';
import { groupTransitions, type LaidOutEdge, layoutMachine, pathThrough, smoothThrough } from './layout.js';

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
    { from: 'reservingStock', to: 'reservingStock', event: 'RetryStep' },
    { from: 'processingPayment', to: 'confirmed', event: 'PaymentProcessed' },
    { from: 'processingPayment', to: 'compensating', event: 'PaymentFailed' },
    { from: 'processingPayment', to: 'compensating', event: 'DeadlineExpired' },
    { from: 'compensating', to: 'compensating', event: 'StockReleased' },
    { from: 'compensating', to: 'compensating', event: 'PaymentRefunded' },
    { from: 'compensating', to: 'compensating', event: 'RetryStep' },
    { from: 'compensating', to: 'cancelled', event: 'no compensation left' },
    { from: 'reservingStock', to: 'compensating', event: 'DeadlineExpired' },
  ],
};

type Box = LaidOutEdge['labelBox'];
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('groupTransitions', () => {
  it('makes one edge of every event between the same two states, in the machine’s order', () => {
    const groups = groupTransitions(machine);
    expect(groups.map((group) => `${group.from}>${group.to}: ${group.events.join(',')}`)).toEqual([
      'reservingStock>processingPayment: StockReserved',
      'reservingStock>reservingStock: RetryStep',
      'processingPayment>confirmed: PaymentProcessed',
      'processingPayment>compensating: PaymentFailed,DeadlineExpired',
      'compensating>compensating: StockReleased,PaymentRefunded,RetryStep',
      'compensating>cancelled: no compensation left',
      'reservingStock>compensating: DeadlineExpired',
    ]);
    expect(groups[4]?.indexes).toEqual([5, 6, 7]);
  });
});

describe('layoutMachine', () => {
  it('places every state left to right and routes every edge, self loops too', () => {
    const diagram = layoutMachine(machine);
    const x = Object.fromEntries(diagram.states.map((state) => [state.name, state.x]));
    expect(x.reservingStock).toBeLessThan(x.processingPayment as number);
    expect(x.processingPayment).toBeLessThan(x.confirmed as number);
    expect(diagram.edges).toHaveLength(7);
    for (const edge of diagram.edges) expect(edge.d).toMatch(/^M/);
    const loop = diagram.edges.find((edge) => edge.from === 'compensating' && edge.to === 'compensating');
    expect(loop?.loop).toBe(true);
    expect(loop?.events).toEqual(['StockReleased', 'PaymentRefunded', 'RetryStep']);
    expect(diagram.start.at.x).toBeLessThan(x.reservingStock as number);
    expect(diagram.width).toBeGreaterThan(0);
  });

  it('keeps every label clear of the others and of the states, and inside the drawing', () => {
    const diagram = layoutMachine(machine);
    const labels = diagram.edges.map((edge) => edge.labelBox);
    const states = diagram.states.map((state) => ({
      x: state.x - state.width / 2,
      y: state.y - state.height / 2,
      width: state.width,
      height: state.height,
    }));
    labels.forEach((label, nth) => {
      expect(label.x).toBeGreaterThanOrEqual(0);
      expect(label.y).toBeGreaterThanOrEqual(0);
      expect(label.x + label.width).toBeLessThanOrEqual(diagram.width);
      expect(label.y + label.height).toBeLessThanOrEqual(diagram.height);
      for (const other of labels.slice(nth + 1)) expect(overlap(label, other)).toBe(false);
      for (const state of states) expect(overlap(label, state)).toBe(false);
    });
  });

  it('reserves the room its measure asks for: one line per event', () => {
    const wide = layoutMachine(machine, (text) => text.length * 20);
    const narrow = layoutMachine(machine, (text) => text.length * 5);
    const loopOf = (diagram: typeof wide) =>
      diagram.edges.find((edge) => edge.loop && edge.events.length === 3);
    expect(loopOf(wide)?.labelBox.width).toBeGreaterThan(3 * (loopOf(narrow)?.labelBox.width ?? 0));
    expect(loopOf(wide)?.labelBox.height).toBeGreaterThanOrEqual(3 * 13);
    expect(wide.width).toBeGreaterThan(narrow.width);
  });
});

describe('pathThrough', () => {
  it('draws a line, rounding bends', () => {
    expect(pathThrough([])).toBe('');
    expect(
      pathThrough([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ]),
    ).toBe('M0.0,0.0 L10.0,0.0');
    expect(
      pathThrough([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
      ]),
    ).toBe('M0.0,0.0 Q10.0,0.0 10.0,5.0 L10.0,10.0');
  });
});

describe('smoothThrough', () => {
  it('passes through every point, a straight line staying straight', () => {
    expect(smoothThrough([])).toBe('');
    expect(
      smoothThrough([
        { x: 0, y: 0 },
        { x: 30, y: 0 },
      ]),
    ).toBe('M0.0,0.0 C5.0,0.0 25.0,0.0 30.0,0.0');
    const d = smoothThrough([
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 20, y: 0 },
    ]);
    // Each segment ends on the next point.
    expect(d).toMatch(/^M0\.0,0\.0 C\S+ \S+ 10\.0,10\.0 C\S+ \S+ 20\.0,0\.0$/);
  });
});
