import { describe, expect, it } from 'vitest';
import type { OrderView, SagaMachine } from '../api/types.js';
import { sagaFinished } from './finished.js';

const machine: SagaMachine = {
  version: 2,
  initial: 'reservingStock',
  states: [
    { name: 'reservingStock', terminal: false, tags: [] },
    { name: 'compensationFailed', terminal: false, tags: ['parked'] },
    { name: 'resolved', terminal: true, tags: ['terminal'] },
  ],
  transitions: [],
};
const saga = (state: string, accepts: string[]): OrderView['saga'] => ({
  machineVersion: 2,
  state,
  deadline: null,
  attempt: 1,
  accepts: accepts.map((event) => ({ event, deadline: null })),
  compensationsPending: ['releaseStock'],
});

describe('sagaFinished', () => {
  it('is what the machine says of the state', () => {
    expect(sagaFinished(saga('resolved', []), machine)).toBe(true);
    expect(sagaFinished(saga('compensationFailed', ['Resolve', 'RetryStep']), machine)).toBe(false);
    // A parked saga may accept nothing for a while; it is not finished.
    expect(sagaFinished(saga('compensationFailed', []), machine)).toBe(false);
  });

  it('without the machine (or a state it lacks): finished when it accepts nothing', () => {
    expect(sagaFinished(saga('resolved', []), undefined)).toBe(true);
    expect(sagaFinished(saga('reservingStock', ['StockReserved']), undefined)).toBe(false);
    expect(sagaFinished(saga('unknownState', []), machine)).toBe(true);
  });
});
