import type { OrderSagaMachine } from './machine.js';

/**
 * The machine as a Mermaid state diagram, built from its definition: the README
 * shows this text, and a test fails when the two disagree. A transition without
 * a target (handled in place) is drawn as a loop.
 */
export function toMermaid(machine: OrderSagaMachine): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${machine.root.initial.target[0]?.key ?? '?'}`];
  const seen = new Set<string>();
  for (const node of Object.values(machine.states)) {
    const edges = [
      ...[...node.transitions.values()].flat(),
      ...(node.always ?? []).map((transition) => ({ ...transition, eventType: 'no compensation left' })),
    ];
    for (const transition of edges) {
      const targets = transition.target?.map((target) => target.key) ?? [node.key];
      for (const target of targets) {
        const line = `  ${node.key} --> ${target} : ${transition.eventType}`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
    }
    if (node.tags.includes('terminal')) lines.push(`  ${node.key} --> [*]`);
  }
  return lines.join('\n');
}
