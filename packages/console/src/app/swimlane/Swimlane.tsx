import { timeOfDay } from '../time/format.js';
import type { SwimlaneArrow, SwimlaneModel, SwimlaneNode } from './model.js';
import { type Lane, stepMarks } from './model.js';

const labelWidth = 110;
const columnWidth = 190;
const nodeWidth = 156;
const nodeHeight = 68;
const laneHeight = 150;
const leavingRow = 30;

// Glyphs the common fonts have (DejaVu, the system UI fonts): the mark is text, not colour alone.
const markText: Record<string, string> = {
  ignored: '⊘ ignored',
  operator: '⚑ operator',
  deadline: '⌛ deadline',
};

export interface LaneNote {
  lane: Lane;
  /** e.g. "not configured" or a load error, shown in the lane's label. */
  note: string;
}

/** The swimlane of one saga as SVG; the model (./model.ts) decides what is drawn. */
export function Swimlane({ model, notes }: { model: SwimlaneModel; notes: LaneNote[] }) {
  const leavingByNode = new Map<string, SwimlaneArrow[]>();
  for (const arrow of model.arrows)
    if (arrow.to === null && arrow.towards === null)
      leavingByNode.set(arrow.from, [...(leavingByNode.get(arrow.from) ?? []), arrow]);
  const mostLeaving = Math.max(0, ...[...leavingByNode.values()].map((arrows) => arrows.length));
  const top = 24 + mostLeaving * leavingRow;
  const laneTop = (lane: Lane) => top + model.lanes.indexOf(lane) * laneHeight;
  const width = labelWidth + Math.max(1, model.columns) * columnWidth + 20;
  const height = top + model.lanes.length * laneHeight + 10;
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const centre = (node: SwimlaneNode) => ({
    x: labelWidth + node.column * columnWidth + columnWidth / 2,
    y: laneTop(node.lane) + laneHeight / 2,
  });

  return (
    <div className="scroll">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="swimlane"
        aria-hidden="true"
      >
        <defs>
          <marker
            id="lane-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
          </marker>
        </defs>
        {model.lanes.map((lane) => {
          const note = notes.find((candidate) => candidate.lane === lane)?.note;
          return (
            <g key={lane} className={`lane lane-${lane}`}>
              <rect x={0} y={laneTop(lane)} width={width} height={laneHeight} className="lane-bg" />
              <text x={8} y={laneTop(lane) + 22} className="lane-name">
                {lane}
              </text>
              {note !== undefined && (
                <text x={8} y={laneTop(lane) + 40} className="lane-note">
                  {note}
                </text>
              )}
            </g>
          );
        })}
        {model.arrows.map((arrow) => {
          const from = byId.get(arrow.from);
          if (from === undefined) return null;
          const start = centre(from);
          const to = arrow.to === null ? undefined : byId.get(arrow.to);
          let end: { x: number; y: number };
          if (to !== undefined) end = centre(to);
          else if (arrow.towards !== null && arrow.towards !== from.lane)
            end = { x: start.x + columnWidth * 0.7, y: laneTop(arrow.towards) + laneHeight / 2 };
          else {
            const index = (leavingByNode.get(arrow.from) ?? []).indexOf(arrow);
            end = { x: start.x + 40, y: top - 14 - index * leavingRow };
          }
          return <Arrow key={arrow.id} arrow={arrow} start={start} end={end} leaving={to === undefined} />;
        })}
        {model.nodes.map((node) => (
          <Node key={node.id} node={node} at={centre(node)} />
        ))}
      </svg>
    </div>
  );
}

function Arrow({
  arrow,
  start,
  end,
  leaving,
}: {
  arrow: SwimlaneArrow;
  start: { x: number; y: number };
  end: { x: number; y: number };
  leaving: boolean;
}) {
  // From the node's edge, not its centre: down or up out of the box.
  const down = end.y > start.y;
  const y1 = start.y + (down ? nodeHeight / 2 : -nodeHeight / 2);
  const y2 = leaving ? end.y : end.y + (down ? -nodeHeight / 2 : nodeHeight / 2);
  const times = `pub ${arrow.publishedAt === null ? (arrow.pending ? 'pending' : '—') : timeOfDay(arrow.publishedAt)} · con ${
    arrow.consumedAt === null ? '—' : timeOfDay(arrow.consumedAt)
  }`;
  const towardsEvents = leaving && arrow.towards === null;
  // Arrows down label left of their middle, arrows up right of it: a command and its reply do not overprint.
  // One not handled yet is labelled at its end, clear of the nodes it passes.
  const anchor = leaving || !down ? 'start' : 'end';
  const labelX = leaving ? end.x + 6 : (start.x + end.x) / 2 + (down ? -6 : 6);
  const labelY = leaving ? end.y + (towardsEvents ? 4 : -10) : (y1 + y2) / 2;
  return (
    <g
      className={`message${leaving ? ' leaving' : ''}${arrow.pending ? ' pending' : ''}`}
      data-testid="swimlane-message"
      data-type={arrow.type}
      data-message-id={arrow.messageId}
      data-consumed={!leaving}
    >
      <title>
        {arrow.type} on {arrow.topic}: {times}
      </title>
      <line x1={start.x} y1={y1} x2={end.x} y2={y2} markerEnd="url(#lane-arrow)" className="wire" />
      <text x={labelX} y={labelY} textAnchor={anchor} className="message-text message-type">
        {arrow.type}
        {towardsEvents ? ` → ${arrow.topic}` : ''}
        {leaving && !towardsEvents ? ' (not handled yet)' : ''}
      </text>
      {!towardsEvents && (
        <text x={labelX} y={labelY + 12} textAnchor={anchor} className="message-text message-times">
          {times}
        </text>
      )}
    </g>
  );
}

function Node({ node, at }: { node: SwimlaneNode; at: { x: number; y: number } }) {
  const x = at.x - nodeWidth / 2;
  const y = at.y - nodeHeight / 2;
  if (node.kind === 'handled') {
    const { handled } = node;
    return (
      <g
        className="node handled"
        data-testid="participant-step"
        data-type={handled.type ?? ''}
        data-lane={node.lane}
      >
        <rect x={x} y={y} width={nodeWidth} height={nodeHeight} rx={6} className="box" />
        <text x={x + 8} y={y + 18} className="node-text node-title">
          {handled.type ?? '(type unknown)'}
        </text>
        <text x={x + 8} y={y + 34} className="node-text">
          {timeOfDay(handled.processedAt)}
        </text>
        <text x={x + 8} y={y + 50} className="node-text muted">
          {handled.consumerGroup}
        </text>
      </g>
    );
  }
  const { step } = node;
  const marks = stepMarks(step);
  return (
    <g
      className={`node step ${marks.join(' ')}`}
      data-testid="timeline-step"
      data-event={step.event}
      data-actor={step.actor}
      data-outcome={step.outcome}
    >
      <rect x={x} y={y} width={nodeWidth} height={nodeHeight} rx={6} className="box" />
      <text x={x + 8} y={y + 16} className="node-text node-title">
        {step.event}
      </text>
      <text x={x + 8} y={y + 31} className="node-text">
        → {step.to}
      </text>
      <text x={x + 8} y={y + 46} className="node-text muted">
        {timeOfDay(step.at)} · {step.actor}
      </text>
      {marks.length > 0 && (
        <text x={x + 8} y={y + 62} className="node-text marks">
          {marks.map((mark) => markText[mark] ?? mark).join(' ')}
        </text>
      )}
    </g>
  );
}
