import type { SagaMachine, TimelineEntry } from '../api/types.js';

/** What the state diagram highlights: the states and edges the saga's timeline went through. */
export interface DiagramPath {
  visited: Set<string>;
  /** Indexes into machine.transitions. */
  edges: Set<number>;
  current: string;
  /** The steps, in order, for the text alternative. */
  steps: {
    seq: number;
    from: string | null;
    to: string;
    event: string;
    at: string;
    actor: string;
    edge: number | null;
  }[];
}

/**
 * The timeline's acted steps (ignored ones leave the state as it was) as the
 * machine's edges: one with the same from, to and event, else any with the same
 * from and to (an edge like "no compensation left" names no event of its own).
 */
export function diagramPath(
  machine: SagaMachine,
  timeline: readonly TimelineEntry[],
  current: string,
): DiagramPath {
  const visited = new Set<string>([current]);
  const edges = new Set<number>();
  const steps: DiagramPath['steps'] = [];
  const acted = [...timeline].sort((a, b) => a.seq - b.seq).filter((entry) => entry.outcome !== 'ignored');
  if (acted.length === 0) visited.add(machine.initial);
  for (const entry of acted) {
    visited.add(entry.to);
    let edge: number | null = null;
    if (entry.from !== null) {
      visited.add(entry.from);
      const exact = machine.transitions.findIndex(
        (t) => t.from === entry.from && t.to === entry.to && t.event === entry.event,
      );
      const loose = machine.transitions.findIndex((t) => t.from === entry.from && t.to === entry.to);
      const index = exact === -1 ? loose : exact;
      if (index !== -1) {
        edges.add(index);
        edge = index;
      }
    }
    steps.push({
      seq: entry.seq,
      from: entry.from,
      to: entry.to,
      event: entry.event,
      at: entry.at,
      actor: entry.actor,
      edge,
    });
  }
  return { visited, edges, current, steps };
}
