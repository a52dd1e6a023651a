import { createOrderSagaMachine, type OrderSagaMachine, type SagaState } from './machine.js';

/**
 * Every machine version that may still have running instances. An instance
 * finishes on the version it started on: remove a version only once no saga row
 * references it.
 */
export const sagaMachines: Readonly<Record<number, OrderSagaMachine>> = {
  1: createOrderSagaMachine({ version: 1, refundOnPaymentTimeout: false }),
  2: createOrderSagaMachine({ version: 2, refundOnPaymentTimeout: true }),
};

export const currentMachineVersion = 2;

export class UnknownMachineVersionError extends Error {
  constructor(version: number) {
    super(
      `saga machine version ${version} is not deployed here (known: ${Object.keys(sagaMachines).join(', ')})`,
    );
    this.name = 'UnknownMachineVersionError';
  }
}

export function sagaMachine(version: number): OrderSagaMachine {
  const machine = sagaMachines[version];
  if (machine === undefined) throw new UnknownMachineVersionError(version);
  return machine;
}

const stateNodes = Object.values(sagaMachines).flatMap((machine) => Object.values(machine.states));
const statesWhere = (keep: (node: (typeof stateNodes)[number]) => boolean): readonly SagaState[] => [
  // The keys of the machine's `states` are its state values: what SagaState names.
  ...new Set(stateNodes.filter(keep).map((node) => node.key as SagaState)),
];

/** Every state a saga on a deployed version can be in, in the machine's order: the API's statuses. */
export const sagaStates = statesWhere(() => true);

/** The states a saga never leaves. */
export const terminalStates = statesWhere((node) => node.tags.includes('terminal'));

/** The states where a saga waits for an operator. */
export const parkedStates = statesWhere((node) => node.tags.includes('parked'));
