import type { TimelineEntry } from '../api/types.js';
import { type SwimlaneModel, stepMarks } from '../swimlane/model.js';
import { timeOfDay } from '../time/format.js';

/** The swimlane's arrows as rows: the text alternative of the picture. */
export function MessagesTable({ model }: { model: SwimlaneModel }) {
  const lane = new Map(model.nodes.map((node) => [node.id, node.lane]));
  if (model.arrows.length === 0) return <p className="empty">No messages yet.</p>;
  return (
    <table>
      <caption>Messages of this saga</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Topic</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Published</th>
          <th scope="col">Consumed</th>
        </tr>
      </thead>
      <tbody>
        {model.arrows.map((arrow) => (
          <tr key={arrow.id}>
            <th scope="row">{arrow.type}</th>
            <td>
              <code>{arrow.topic}</code>
            </td>
            <td>{lane.get(arrow.from)}</td>
            <td>
              {arrow.to === null
                ? arrow.towards === null
                  ? 'leaves the lanes'
                  : `${arrow.towards} (not yet)`
                : lane.get(arrow.to)}
            </td>
            <td>
              {arrow.publishedAt === null ? (arrow.pending ? 'pending' : '—') : timeOfDay(arrow.publishedAt)}
            </td>
            <td>{arrow.consumedAt === null ? '—' : timeOfDay(arrow.consumedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TimelineTable({ timeline }: { timeline: TimelineEntry[] }) {
  return (
    <table className="timeline">
      <caption>The order’s timeline</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">At (UTC)</th>
          <th scope="col">Event</th>
          <th scope="col">From → to</th>
          <th scope="col">Outcome</th>
          <th scope="col">Actor</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {timeline.map((entry) => {
          const marks = stepMarks(entry);
          return (
            <tr
              key={entry.seq}
              className={marks.join(' ')}
              data-testid="timeline-row"
              data-event={entry.event}
            >
              <td>{entry.seq}</td>
              <td>
                <time dateTime={entry.at}>{timeOfDay(entry.at)}</time>
              </td>
              <th scope="row">{entry.event}</th>
              <td>
                {entry.from ?? 'start'} → {entry.to}
              </td>
              <td>
                {entry.outcome === 'ignored' ? '⊘ ' : ''}
                {entry.outcome}
              </td>
              <td>
                {entry.actor.startsWith('operator:') ? '⚑ ' : ''}
                {entry.actor}
              </td>
              <td>{entry.reason ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
