import dagre from '@dagrejs/dagre';
import type { SagaMachine } from '../api/types.js';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutState {
  name: string;
  terminal: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  /** Index into machine.transitions. */
  index: number;
  from: string;
  to: string;
  event: string;
  points: Point[];
  label: Point;
}

export interface LaidOutDiagram {
  width: number;
  height: number;
  states: LaidOutState[];
  edges: LaidOutEdge[];
  /** The start dot and its edge to the initial state. */
  start: { at: Point; points: Point[] };
}

const startNode = '\u0000start';
const charWidth = 7.6;
const margin = 16;

/** The machine laid out left to right by dagre; positions are centres, as dagre gives them. */
export function layoutMachine(machine: SagaMachine): LaidOutDiagram {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, edgesep: 12, marginx: margin, marginy: margin });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode(startNode, { width: 14, height: 14 });
  for (const state of machine.states)
    graph.setNode(state.name, { width: 28 + state.name.length * charWidth, height: 36 });
  graph.setEdge(startNode, machine.initial, { width: 0, height: 0 }, 'start');
  machine.transitions.forEach((transition, index) => {
    const label = { width: transition.event.length * 6.4 + 6, height: 14, labelpos: 'c' as const };
    graph.setEdge(transition.from, transition.to, label, `t${index}`);
  });
  dagre.layout(graph);

  const states = machine.states.map((state): LaidOutState => {
    const node = graph.node(state.name);
    return {
      name: state.name,
      terminal: state.terminal,
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width,
      height: node.height,
    };
  });
  const edges = machine.transitions.map((transition, index): LaidOutEdge => {
    const edge = graph.edge({ v: transition.from, w: transition.to, name: `t${index}` });
    return {
      index,
      ...transition,
      points: edge?.points ?? [],
      label: { x: edge?.x ?? 0, y: edge?.y ?? 0 },
    };
  });
  const start = graph.node(startNode);
  const startEdge = graph.edge({ v: startNode, w: machine.initial, name: 'start' });
  const size = graph.graph();
  return {
    width: size.width ?? 0,
    height: size.height ?? 0,
    states,
    edges,
    start: { at: { x: start.x ?? 0, y: start.y ?? 0 }, points: startEdge?.points ?? [] },
  };
}

/** An SVG path through dagre's points, rounded at the bends. */
export function pathThrough(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  for (let index = 0; index < rest.length - 1; index++) {
    const bend = rest[index] as Point;
    const next = rest[index + 1] as Point;
    d += ` Q${bend.x.toFixed(1)},${bend.y.toFixed(1)} ${((bend.x + next.x) / 2).toFixed(1)},${((bend.y + next.y) / 2).toFixed(1)}`;
  }
  const last = rest.at(-1);
  if (last !== undefined) d += ` L${last.x.toFixed(1)},${last.y.toFixed(1)}`;
  return d;
}
