import { estimateWidth, type Font, type Measure } from '../text/measure.js';
import { timeOfDay } from '../time/format.js';
import { type Box, firstClear, stackInRows } from './labels.js';
import type { Lane, SwimlaneArrow, SwimlaneModel, SwimlaneNode } from './model.js';

/** Where the swimlane draws everything (pure): nodes in time columns, each label clear of the rest. */
export const sizes = {
  labelWidth: 110,
  columnWidth: 190,
  nodeWidth: 156,
  nodeHeight: 68,
  laneHeight: 150,
  /** A row of labels of messages leaving the lanes, above the order lane. */
  leavingRow: 16,
  line: 12,
} as const;
export const typeFont: Font = { size: 10.5, bold: true };
export const timesFont: Font = { size: 10.5 };

export type ArrowKind = 'between' | 'unhandled' | 'leaving';

export interface LabelLine {
  text: string;
  font: 'type' | 'times';
}

export interface PlacedArrow {
  arrow: SwimlaneArrow;
  /** between: to the node that handled it; unhandled: into the lane it is for; leaving: up out of the lanes. */
  kind: ArrowKind;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: { x: number; y: number; anchor: 'start' | 'end'; lines: LabelLine[] };
  labelBox: Box;
  /** "pub … · con …", also the tooltip's. */
  times: string;
}

export interface SwimlaneGeometry {
  width: number;
  height: number;
  laneTop: Record<Lane, number>;
  nodes: { node: SwimlaneNode; x: number; y: number }[];
  arrows: PlacedArrow[];
}

export function arrowTimes(arrow: SwimlaneArrow): string {
  const published =
    arrow.publishedAt === null ? (arrow.pending ? 'pending' : '—') : timeOfDay(arrow.publishedAt);
  return `pub ${published} · con ${arrow.consumedAt === null ? '—' : timeOfDay(arrow.consumedAt)}`;
}

export function swimlaneGeometry(model: SwimlaneModel, measure: Measure = estimateWidth): SwimlaneGeometry {
  const { labelWidth, columnWidth, nodeWidth, nodeHeight, laneHeight, leavingRow, line } = sizes;
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const columnX = (node: SwimlaneNode) => labelWidth + node.column * columnWidth + columnWidth / 2;
  const widthOf = (lines: LabelLine[]) =>
    Math.max(...lines.map((entry) => measure(entry.text, entry.font === 'type' ? typeFont : timesFont)));
  /** A label's box from its first baseline: a line's ascent above it, descent below the last. */
  const boxOf = (x: number, y: number, anchor: 'start' | 'end', lines: LabelLine[]): Box => {
    const width = widthOf(lines);
    return {
      x: anchor === 'start' ? x - 2 : x - width - 2,
      y: y - 10,
      width: width + 4,
      height: lines.length * line + 2,
    };
  };

  const classified = model.arrows.flatMap((arrow) => {
    const from = byId.get(arrow.from);
    if (from === undefined) return [];
    const to = arrow.to === null ? undefined : byId.get(arrow.to);
    const kind: ArrowKind =
      to !== undefined
        ? 'between'
        : arrow.towards !== null && arrow.towards !== from.lane
          ? 'unhandled'
          : 'leaving';
    return [{ arrow, from, to, kind, x: columnX(from) }];
  });

  // The leaving messages' labels first: how many rows they take sets where the lanes start.
  const leaving = classified.filter((entry) => entry.kind === 'leaving').sort((a, b) => a.x - b.x);
  const leavingLines = (arrow: SwimlaneArrow): LabelLine[] => [{ text: arrow.type, font: 'type' }];
  const rows = stackInRows(
    leaving.map((entry) => ({
      label: { from: entry.x + 44, to: entry.x + 48 + widthOf(leavingLines(entry.arrow)) },
      line: { from: entry.x, to: entry.x + 40 },
    })),
  );
  const top = 18 + (rows.length === 0 ? 0 : Math.max(...rows) + 1) * leavingRow;
  const laneTop = Object.fromEntries(
    model.lanes.map((lane, index) => [lane, top + index * laneHeight]),
  ) as Record<Lane, number>;
  const laneMiddle = (lane: Lane) => laneTop[lane] + laneHeight / 2;
  const nodes = model.nodes.map((node) => ({ node, x: columnX(node), y: laneMiddle(node.lane) }));
  const taken: Box[] = nodes.map(({ x, y }) => ({
    x: x - nodeWidth / 2 - 4,
    y: y - nodeHeight / 2 - 4,
    width: nodeWidth + 8,
    height: nodeHeight + 8,
  }));
  const arrows: PlacedArrow[] = [];

  leaving.forEach((entry, index) => {
    const { arrow, from } = entry;
    const baseline = top - 6 - (rows[index] ?? 0) * leavingRow;
    const start = laneMiddle(from.lane);
    const y1 = start - nodeHeight / 2;
    const lines = leavingLines(arrow);
    const label = { x: entry.x + 46, y: baseline, anchor: 'start' as const, lines };
    const labelBox = boxOf(label.x, label.y, label.anchor, lines);
    taken.push(labelBox);
    arrows.push({
      arrow,
      kind: 'leaving',
      x1: entry.x,
      y1,
      x2: entry.x + 40,
      y2: baseline - 4,
      label,
      labelBox,
      times: arrowTimes(arrow),
    });
  });

  // Into a lane nothing there handled (yet): its end moves up or down the lane to a clear spot.
  for (const entry of classified
    .filter((candidate) => candidate.kind === 'unhandled')
    .sort((a, b) => a.x - b.x)) {
    const { arrow, from } = entry;
    const towards = arrow.towards as Lane;
    const times = arrowTimes(arrow);
    const lines: LabelLine[] = [
      { text: `${arrow.type} (not handled yet)`, font: 'type' },
      { text: times, font: 'times' },
    ];
    const x2 = entry.x + columnWidth * 0.7;
    const middle = laneMiddle(towards);
    const room = laneHeight / 2 - 2 * line;
    const offsets = [0, -room, room, -room / 2, room / 2];
    const down = middle > laneMiddle(from.lane);
    const y1 = laneMiddle(from.lane) + (down ? nodeHeight / 2 : -nodeHeight / 2);
    const at = (offset: number) => ({ x: x2 + 6, y: middle + offset + 4 });
    const offset = firstClear(
      offsets,
      (candidate) => boxOf(at(candidate).x, at(candidate).y, 'start', lines),
      taken,
    );
    const label = { ...at(offset), anchor: 'start' as const, lines };
    const labelBox = boxOf(label.x, label.y, 'start', lines);
    taken.push(labelBox);
    arrows.push({
      arrow,
      kind: 'unhandled',
      x1: entry.x,
      y1,
      x2,
      y2: middle + offset,
      label,
      labelBox,
      times,
    });
  }

  // Between two nodes: the label slides along its arrow to a clear spot; left of arrows down, right of arrows up.
  for (const entry of classified.filter((candidate) => candidate.kind === 'between')) {
    const { arrow, from, to } = entry;
    if (to === undefined) continue;
    const times = arrowTimes(arrow);
    const lines: LabelLine[] = [
      { text: arrow.type, font: 'type' },
      { text: times, font: 'times' },
    ];
    const start = { x: entry.x, y: laneMiddle(from.lane) };
    const end = { x: columnX(to), y: laneMiddle(to.lane) };
    const down = end.y > start.y;
    const y1 = start.y + (down ? nodeHeight / 2 : -nodeHeight / 2);
    const y2 = end.y + (down ? -nodeHeight / 2 : nodeHeight / 2);
    const anchor = down ? ('end' as const) : ('start' as const);
    const at = (t: number) => ({
      x: start.x + (end.x - start.x) * t + (down ? -6 : 6),
      y: y1 + (y2 - y1) * t,
    });
    const t = firstClear(
      [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8],
      (c) => boxOf(at(c).x, at(c).y, anchor, lines),
      taken,
    );
    const label = { ...at(t), anchor, lines };
    const labelBox = boxOf(label.x, label.y, anchor, lines);
    taken.push(labelBox);
    arrows.push({ arrow, kind: 'between', x1: start.x, y1, x2: end.x, y2, label, labelBox, times });
  }

  // In the model's order again: what a reader of the DOM meets first is what came first.
  const order = new Map(model.arrows.map((arrow, index) => [arrow.id, index]));
  arrows.sort((a, b) => (order.get(a.arrow.id) ?? 0) - (order.get(b.arrow.id) ?? 0));
  const right = Math.max(
    labelWidth + Math.max(1, model.columns) * columnWidth,
    ...arrows.map((placed) => Math.max(placed.labelBox.x + placed.labelBox.width, placed.x2)),
  );
  return {
    width: Math.ceil(right + 16),
    height: top + model.lanes.length * laneHeight + 10,
    laneTop,
    nodes,
    arrows,
  };
}
