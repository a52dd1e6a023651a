import dagre from '@dagrejs/dagre';
import type { SagaMachine } from '../api/types.js';
import { estimateWidth, type Measure } from '../text/measure.js';

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
  /** Indexes into machine.transitions: every event from one state to another is one edge. */
  indexes: number[];
  from: string;
  to: string;
  /** Its events, one label line each, in the machine's order. */
  events: string[];
  /** The SVG path: dagre's route, or for a self loop an arc out of its state towards the label. */
  d: string;
  /** The first line's baseline, the lines centred on x. */
  label: Point;
  /** The label block, as dagre reserved it: no other label or state is there. */
  labelBox: { x: number; y: number; width: number; height: number };
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
const margin = 16;
const boxHeight = 36;
export const stateFont = { size: 13, bold: true };
export const labelFont = { size: 10.5, bold: true };
export const labelLine = 13;
/** Between a self loop's state and its label: the arc. */
const loopRoom = 20;
/** A label beside its line, not on it: the line passes the block's centre, the text sits above it. */
const labelGap = 7;

/**
 * The machine laid out left to right by dagre; positions are centres, as dagre
 * gives them. Edge labels are nodes to dagre (its labelpos 'c'), self loops too
 * (dagre puts a loop's label next to its state in the same rank), so no label
 * overprints another or a state.
 */
export function layoutMachine(machine: SagaMachine, measure: Measure = estimateWidth): LaidOutDiagram {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 48, edgesep: 14, marginx: margin, marginy: margin });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode(startNode, { width: 14, height: 14 });
  for (const state of machine.states)
    graph.setNode(state.name, { width: 28 + measure(`▶ ${state.name}`, stateFont), height: boxHeight });
  graph.setEdge(startNode, machine.initial, { width: 0, height: 0 }, 'start');

  const groups = groupTransitions(machine);
  groups.forEach((group, nth) => {
    const width = 8 + Math.max(...group.events.map((event) => measure(event, labelFont)));
    const text = group.events.length * labelLine;
    const height = group.from === group.to ? text + loopRoom : 2 * (text + labelGap);
    graph.setEdge(group.from, group.to, { width, height, labelpos: 'c' }, `g${nth}`);
  });
  dagre.layout(graph);

  const states = machine.states.map((state): LaidOutState => {
    const node = graph.node(state.name);
    return {
      name: state.name,
      terminal: state.terminal,
      x: node.x,
      y: node.y,
      width: node.width,
      height: boxHeight,
    };
  });
  const byName = new Map(states.map((state) => [state.name, state]));
  const edges = groups.map((group, nth): LaidOutEdge => {
    const edge = graph.edge({ v: group.from, w: group.to, name: `g${nth}` });
    const box = { x: edge.x ?? 0, y: edge.y ?? 0, width: edge.width ?? 0, height: edge.height ?? 0 };
    const labelBox = {
      x: box.x - box.width / 2,
      y: box.y - box.height / 2,
      width: box.width,
      height: box.height,
    };
    const state = byName.get(group.from);
    const text = group.events.length * labelLine;
    if (group.from === group.to && state !== undefined) {
      const below = box.y > state.y;
      const near = below ? labelBox.y : labelBox.y + labelBox.height;
      const farTextTop = below ? near + loopRoom : labelBox.y;
      return {
        ...group,
        loop: true,
        d: loopArc(state, near, below),
        label: { x: box.x, y: farTextTop + labelLine - 3 },
        labelBox,
      };
    }
    return {
      ...group,
      loop: false,
      d: smoothThrough(edge.points ?? []),
      label: { x: box.x, y: box.y - labelGap - text + labelLine - 3 },
      labelBox,
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
    start: { at: { x: start.x, y: start.y }, points: startEdge?.points ?? [] },
  };
}

/** The machine's transitions by (from, to), in order of their first transition. */
export function groupTransitions(
  machine: SagaMachine,
): { from: string; to: string; events: string[]; indexes: number[] }[] {
  const groups = new Map<string, { from: string; to: string; events: string[]; indexes: number[] }>();
  machine.transitions.forEach((transition, index) => {
    const key = `${transition.from}\u0000${transition.to}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { from: transition.from, to: transition.to, events: [], indexes: [] };
      groups.set(key, group);
    }
    group.events.push(transition.event);
    group.indexes.push(index);
  });
  return [...groups.values()];
}

/** A loop out of the state's top or bottom and back, reaching `towards` (its label's near side). */
function loopArc(state: LaidOutState, towards: number, below: boolean): string {
  const edge = below ? state.y + boxHeight / 2 : state.y - boxHeight / 2;
  const reach = towards + (below ? loopRoom * 0.8 : -loopRoom * 0.8);
  const control = edge + (reach - edge) * 1.33;
  const half = 14;
  return `M${(state.x + half).toFixed(1)},${edge.toFixed(1)} C${(state.x + half + 14).toFixed(1)},${control.toFixed(1)} ${(state.x - half - 14).toFixed(1)},${control.toFixed(1)} ${(state.x - half).toFixed(1)},${edge.toFixed(1)}`;
}

/**
 * A smooth curve through every one of dagre's points (Catmull-Rom as cubic
 * Bezier curves): through the label's point too, which the text sits just above.
 */
export function smoothThrough(points: readonly Point[]): string {
  const [first] = points;
  if (first === undefined) return '';
  const at = (index: number) => points[Math.max(0, Math.min(points.length - 1, index))] as Point;
  const f = (value: number) => value.toFixed(1);
  let d = `M${f(first.x)},${f(first.y)}`;
  for (let index = 0; index < points.length - 1; index++) {
    const [before, from, to, after] = [at(index - 1), at(index), at(index + 1), at(index + 2)];
    const c1 = { x: from.x + (to.x - before.x) / 6, y: from.y + (to.y - before.y) / 6 };
    const c2 = { x: to.x - (after.x - from.x) / 6, y: to.y - (after.y - from.y) / 6 };
    d += ` C${f(c1.x)},${f(c1.y)} ${f(c2.x)},${f(c2.y)} ${f(to.x)},${f(to.y)}`;
  }
  return d;
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
