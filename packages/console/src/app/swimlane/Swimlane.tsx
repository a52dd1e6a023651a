import { ArrowMarker } from '../components/ArrowMarker.js';
import { ScrollRegion } from '../components/common.js';
import { glyphs } from '../components/glyphs.js';
import { fitText, pageMeasure } from '../text/measure.js';
import { timeOfDay } from '../time/format.js';
import { type PlacedArrow, sizes, swimlaneGeometry } from './geometry.js';
import type { SwimlaneModel, SwimlaneNode } from './model.js';
import { type Lane, stepMarks } from './model.js';

const { nodeWidth, nodeHeight, laneHeight, line } = sizes;

// The mark is text, not colour alone; glyphs DejaVu Sans has (./components/glyphs.ts).
const markText: Record<string, string> = {
  ignored: `${glyphs.ignored} ignored`,
  operator: `${glyphs.operator} operator`,
  deadline: `${glyphs.clock} deadline`,
};

export interface LaneNote {
  lane: Lane;
  /** e.g. "not configured" or a load error, shown in the lane's label. */
  note: string;
}

/** The swimlane of one saga as SVG; the model (./model.ts) decides what is drawn, ./geometry.ts where. */
export function Swimlane({ model, notes }: { model: SwimlaneModel; notes: LaneNote[] }) {
  const geometry = swimlaneGeometry(model, pageMeasure());
  const { width, height, laneTop } = geometry;
  return (
    <ScrollRegion label="Timeline across the services (scrolls sideways)">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="swimlane"
        aria-hidden="true"
      >
        <defs>
          <ArrowMarker id="lane-arrow" size={7} className="arrowhead" />
        </defs>
        {model.lanes.map((lane) => {
          const note = notes.find((candidate) => candidate.lane === lane)?.note;
          return (
            <g key={lane} className={`lane lane-${lane}`}>
              <rect x={0} y={laneTop[lane]} width={width} height={laneHeight} className="lane-bg" />
              <text x={8} y={laneTop[lane] + 22} className="lane-name">
                {lane}
              </text>
              {note !== undefined && (
                <text x={8} y={laneTop[lane] + 40} className="lane-note">
                  {note}
                </text>
              )}
            </g>
          );
        })}
        {geometry.arrows.map((placed) => (
          <Arrow key={placed.arrow.id} placed={placed} />
        ))}
        {geometry.nodes.map(({ node, x, y }) => (
          <Node key={node.id} node={node} at={{ x, y }} />
        ))}
        {/* Labels last: over every line and node, each where the geometry found room. */}
        <g className="labels">
          {geometry.arrows.map((placed) => (
            <Label key={placed.arrow.id} placed={placed} />
          ))}
        </g>
      </svg>
    </ScrollRegion>
  );
}

function Arrow({ placed }: { placed: PlacedArrow }) {
  const { arrow, kind } = placed;
  const leaving = kind !== 'between';
  return (
    <g
      className={`message${leaving ? ' leaving' : ''}${arrow.pending ? ' pending' : ''}`}
      data-testid="swimlane-message"
      data-type={arrow.type}
      data-message-id={arrow.messageId}
      data-consumed={!leaving}
    >
      <title>
        {arrow.type} on {arrow.topic}: {placed.times}
      </title>
      <line
        x1={placed.x1}
        y1={placed.y1}
        x2={placed.x2}
        y2={placed.y2}
        markerEnd="url(#lane-arrow)"
        className="wire"
      />
    </g>
  );
}

function Label({ placed }: { placed: PlacedArrow }) {
  const { label } = placed;
  return (
    <text x={label.x} y={label.y} textAnchor={label.anchor} className="message-text">
      <title>
        {placed.arrow.type} on {placed.arrow.topic}: {placed.times}
      </title>
      {label.lines.map((entry, index) => (
        <tspan
          key={entry.font}
          x={label.x}
          dy={index === 0 ? 0 : line}
          className={entry.font === 'type' ? 'message-type' : 'message-times'}
        >
          {entry.text}
        </tspan>
      ))}
    </text>
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
      <title>
        {step.event} → {step.to} at {timeOfDay(step.at)} by {step.actor}
      </title>
      <rect x={x} y={y} width={nodeWidth} height={nodeHeight} rx={6} className="box" />
      <text x={x + 8} y={y + 16} className="node-text node-title">
        {step.event}
      </text>
      <text x={x + 8} y={y + 31} className="node-text">
        → {step.to}
      </text>
      <text x={x + 8} y={y + 46} className="node-text muted">
        {fitText(`${timeOfDay(step.at)} · ${step.actor}`, nodeWidth - 10, { size: 11.5 }, pageMeasure())}
      </text>
      {marks.length > 0 && (
        <text x={x + 8} y={y + 62} className="node-text marks">
          {marks.map((mark) => markText[mark] ?? mark).join(' ')}
        </text>
      )}
    </g>
  );
}
