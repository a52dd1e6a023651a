import { describe, expect, it } from 'vitest';
import type { SagaMachine } from '../api/types.js';
import { layoutMachine, pathThrough } from './layout.js';

const machine: SagaMachine = {
  version: 2,
  initial: 'reservingStock',
  states: [
    { name: 'reservingStock', terminal: false, tags: [] },
    { name: 'processingPayment', terminal: false, tags: [] },
    { name: 'confirmed', terminal: true, tags: [] },
  ],
  transitions: [
    { from: 'reservingStock', to: 'processingPayment', event: 'StockReserved' },
    { from: 'reservingStock', to: 'reservingStock', event: 'RetryStep' },
    { from: 'processingPayment', to: 'confirmed', event: 'PaymentProcessed' },
  ],
};

describe('layoutMachine', () => {
  it('places every state left to right and routes every edge, self loops too', () => {
    const diagram = layoutMachine(machine);
    const x = Object.fromEntries(diagram.states.map((state) => [state.name, state.x]));
    expect(x.reservingStock).toBeLessThan(x.processingPayment as number);
    expect(x.processingPayment).toBeLessThan(x.confirmed as number);
    expect(diagram.edges).toHaveLength(3);
    for (const edge of diagram.edges) expect(edge.d).toMatch(/^M/);
    const loop = diagram.edges.find((edge) => edge.event === 'RetryStep');
    const reserving = diagram.states.find((state) => state.name === 'reservingStock');
    expect(loop?.loop).toBe(true);
    // Above its state's box.
    expect(loop?.label.y).toBeLessThan((reserving?.y ?? 0) - 18);
    expect(diagram.start.at.x).toBeLessThan(x.reservingStock as number);
    expect(diagram.width).toBeGreaterThan(0);
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
