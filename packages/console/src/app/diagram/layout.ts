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
  /** The SVG path: dagre's route, or for a self loop an arc above its state. */
  d: string;
  label: Point;
  loop: boolean;
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
const boxHeight = 36;
/** Each self loop is an arc above its state, one above the other; dagre is given the room. */
const loopStep = 15;
const loopRoom = (loops: number) => (loops === 0 ? 0 : 8 + loops * loopStep);

/** The machine laid out left to right by dagre; positions are centres, as dagre gives them. */
export function layoutMachine(machine: SagaMachine): LaidOutDiagram {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, edgesep: 12, marginx: margin, marginy: margin });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode(startNode, { width: 14, height: 14 });
  const loops = new Map<string, number>();
  for (const transition of machine.transitions)
    if (transition.from === transition.to) loops.set(transition.from, (loops.get(transition.from) ?? 0) + 1);
  for (const state of machine.states) {
    // Room above for the loops, and as much below, so that dagre's centre stays the box's.
    const height = boxHeight + 2 * loopRoom(loops.get(state.name) ?? 0);
    graph.setNode(state.name, { width: 28 + state.name.length * charWidth, height });
  }
  graph.setEdge(startNode, machine.initial, { width: 0, height: 0 }, 'start');
  machine.transitions.forEach((transition, index) => {
    if (transition.from === transition.to) return;
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
      height: boxHeight,
    };
  });
  const byName = new Map(states.map((state) => [state.name, state]));
  const drawnLoops = new Map<string, number>();
  const edges = machine.transitions.map((transition, index): LaidOutEdge => {
    const state = byName.get(transition.from);
    if (transition.from === transition.to && state !== undefined) {
      const nth = drawnLoops.get(state.name) ?? 0;
      drawnLoops.set(state.name, nth + 1);
      return { index, ...transition, loop: true, ...loopArc(state, nth, loops.get(state.name) ?? 1) };
    }
    const edge = graph.edge({ v: transition.from, w: transition.to, name: `t${index}` });
    return {
      index,
      ...transition,
      loop: false,
      d: pathThrough(edge?.points ?? []),
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

/** The nth of a state's `count` self loops: an arc above its box, a wider and higher one for each next loop. */
function loopArc(state: LaidOutState, nth: number, count: number): { d: string; label: Point } {
  const top = state.y - boxHeight / 2;
  const rise = 12 + nth * loopStep;
  const half = 10 + nth * 6;
  const control = top - rise * 1.33;
  const d = `M${state.x + half},${top} C${state.x + half + 8},${control} ${state.x - half - 8},${control} ${state.x - half},${top}`;
  // The labels in a column right of the widest arc, each at its own arc's height.
  return { d, label: { x: state.x + 10 + (count - 1) * 6 + 12, y: top - rise + 3 } };
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
