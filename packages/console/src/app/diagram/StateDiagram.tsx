import { useMemo } from 'react';
import type { SagaMachine, TimelineEntry } from '../api/types.js';
import { ArrowMarker } from '../components/ArrowMarker.js';
import { ScrollRegion } from '../components/common.js';
import { glyphs } from '../components/glyphs.js';
import { pageMeasure } from '../text/measure.js';
import { timeOfDay } from '../time/format.js';
import { labelLine, layoutMachine, pathThrough } from './layout.js';
import { diagramPath } from './path.js';

/**
 * The saga's machine, the states its timeline went through highlighted (their
 * edges thicker), the current state strongly, terminal states with a double
 * border; the same path as a list for those who do not see the picture.
 */
export function StateDiagram({
  machine,
  timeline,
  current,
}: {
  machine: SagaMachine;
  timeline: TimelineEntry[];
  current: string;
}) {
  const diagram = useMemo(() => layoutMachine(machine, pageMeasure()), [machine]);
  const path = diagramPath(machine, timeline, current);
  const terminal = new Set(machine.states.filter((state) => state.terminal).map((state) => state.name));
  return (
    <figure className="diagram" aria-labelledby="diagram-caption">
      <figcaption id="diagram-caption">
        Saga machine version {machine.version}: the path so far in bold, the current state{' '}
        <strong>{current}</strong>
        {terminal.has(current) ? ' (terminal)' : ''}.
      </figcaption>
      <ScrollRegion label="State diagram (scrolls sideways in a narrow window)" fit>
        <svg
          viewBox={`0 0 ${diagram.width.toFixed(0)} ${diagram.height.toFixed(0)}`}
          style={fitStyle(diagram.width)}
          role="img"
          aria-labelledby="diagram-caption"
          data-testid="state-diagram"
        >
          <title>State diagram of the saga machine, version {machine.version}</title>
          <defs>
            <ArrowMarker id="arrow" size={7} className="arrowhead" />
            <ArrowMarker id="arrow-path" size={6} className="arrowhead path" />
          </defs>
          <circle cx={diagram.start.at.x} cy={diagram.start.at.y} r={6} className="start" />
          <path d={pathThrough(diagram.start.points)} className="edge" markerEnd="url(#arrow)" />
          {diagram.edges.map((edge) => {
            const onPath = edge.indexes.some((index) => path.edges.has(index));
            return (
              <g
                key={edge.indexes.join(' ')}
                className={onPath ? 'edge-group on-path' : 'edge-group'}
                data-on-path={onPath}
                data-events={edge.events.join(' ')}
              >
                <path d={edge.d} className="edge" markerEnd={onPath ? 'url(#arrow-path)' : 'url(#arrow)'} />
              </g>
            );
          })}
          {diagram.edges.map((edge) => (
            <text
              key={edge.indexes.join(' ')}
              x={edge.label.x}
              y={edge.label.y}
              textAnchor="middle"
              className="edge-label"
            >
              {edge.events.map((event, line) => (
                <tspan
                  key={event}
                  x={edge.label.x}
                  dy={line === 0 ? 0 : labelLine}
                  className={path.edges.has(edge.indexes[line] ?? -1) ? 'taken' : undefined}
                >
                  {event}
                </tspan>
              ))}
            </text>
          ))}
          {diagram.states.map((state) => {
            const classes = ['state'];
            if (path.visited.has(state.name)) classes.push('visited');
            if (state.name === current) classes.push('current');
            if (state.terminal) classes.push('terminal');
            const left = state.x - state.width / 2;
            const top = state.y - state.height / 2;
            return (
              <g
                key={state.name}
                className={classes.join(' ')}
                data-testid="diagram-state"
                data-state={state.name}
                data-visited={path.visited.has(state.name)}
                data-current={state.name === current}
              >
                <rect x={left} y={top} width={state.width} height={state.height} rx={8} />
                {state.terminal && (
                  <rect
                    x={left + 3}
                    y={top + 3}
                    width={state.width - 6}
                    height={state.height - 6}
                    rx={6}
                    className="inner"
                  />
                )}
                <text x={state.x} y={state.y + 4} textAnchor="middle">
                  {state.name === current ? `${glyphs.current} ` : ''}
                  {state.name}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
      <details className="text-alternative">
        <summary>The path as text</summary>
        <ol data-testid="diagram-path">
          {path.steps.map((step) => (
            <li key={step.seq}>
              {step.from === null ? 'start' : step.from} → <strong>{step.to}</strong> on {step.event} (
              {step.actor}, {timeOfDay(step.at)})
            </li>
          ))}
        </ol>
      </details>
    </figure>
  );
}

/** Below this the text would be too small to read: the panel scrolls instead. */
export const minimumScale = 0.8;

/** As wide as the panel, never wider than drawn, nor narrower than minimumScale of it. */
export function fitStyle(width: number): { maxWidth: string; minWidth: string } {
  return { maxWidth: `${Math.ceil(width)}px`, minWidth: `${Math.ceil(width * minimumScale)}px` };
}
