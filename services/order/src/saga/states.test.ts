import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../orders/schemas.js';
import { parkedStates, sagaMachines, terminalStates } from './versions.js';

const machines = Object.entries(sagaMachines);

describe('the saga states, named only in the machine', () => {
  it('the API statuses are the states of the deployed versions, no more, no fewer', () => {
    const states = new Set(machines.flatMap(([, machine]) => Object.keys(machine.states)));
    expect(OrderStatus.anyOf.map((literal) => literal.const).sort()).toEqual([...states].sort());
  });

  it('the terminal states are the ends, and a parked saga waits in compensationFailed', () => {
    expect(terminalStates).toEqual(['confirmed', 'cancelled', 'resolved']);
    expect(parkedStates).toEqual(['compensationFailed']);
  });

  it.each(machines)('on version %s, no event leads out of a terminal state', (_, machine) => {
    for (const state of terminalStates) {
      const node = machine.states[state];
      const targets = [...(node?.transitions.values() ?? [])].flat().flatMap((edge) => edge.target ?? []);
      expect(targets.map((target) => target.key).filter((key) => key !== state)).toEqual([]);
    }
  });
});
