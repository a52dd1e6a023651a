import type { OrderSagaMachine } from './machine.js';

/** The machine as data: what the console draws and the README's diagram is printed from. */
export interface MachineGraph {
  version: number;
  initial: string;
  states: { name: string; terminal: boolean; tags: string[] }[];
  /** One per event and target; a transition without a target (handled in place) loops on its state. */
  transitions: { from: string; to: string; event: string }[];
}

/** What an `always` transition is labelled: it fires on no event, once nothing is left to compensate. */
const eventlessLabel = 'no compensation left';

export function machineGraph(machine: OrderSagaMachine, version: number): MachineGraph {
  const seen = new Set<string>();
  const transitions: MachineGraph['transitions'] = [];
  for (const node of Object.values(machine.states)) {
    const edges = [
      ...[...node.transitions.values()].flat(),
      ...(node.always ?? []).map((transition) => ({ ...transition, eventType: eventlessLabel })),
    ];
    for (const transition of edges) {
      for (const target of transition.target?.map((target) => target.key) ?? [node.key]) {
        const edge = { from: node.key, to: target, event: transition.eventType };
        const key = `${edge.from} ${edge.to} ${edge.event}`;
        if (!seen.has(key)) transitions.push(edge);
        seen.add(key);
      }
    }
  }
  return {
    version,
    initial: machine.root.initial.target[0]?.key ?? '?',
    states: Object.values(machine.states).map((node) => ({
      name: node.key,
      terminal: node.tags.includes('terminal'),
      tags: [...node.tags],
    })),
    transitions,
  };
}

/**
 * The machine as a Mermaid state diagram: the README shows this text, and a test
 * fails when the two disagree.
 */
export function toMermaid(machine: OrderSagaMachine): string {
  const graph = machineGraph(machine, 0);
  const lines = ['stateDiagram-v2', `  [*] --> ${graph.initial}`];
  for (const state of graph.states) {
    for (const edge of graph.transitions.filter((transition) => transition.from === state.name))
      lines.push(`  ${edge.from} --> ${edge.to} : ${edge.event}`);
    if (state.terminal) lines.push(`  ${state.name} --> [*]`);
  }
  return lines.join('\n');
}
