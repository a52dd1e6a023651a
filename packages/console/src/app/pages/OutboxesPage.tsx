import { useId, useState } from 'react';
import { useBulkDeadLetters, useDeadLetters, useOutbox } from '../api/queries.js';
import { type BulkResult, type DeadLetterFilter, type ServiceName, serviceNames } from '../api/types.js';
import { ErrorState, Loading, useAnnounce } from '../components/common.js';
import { DeadLetterActions } from '../components/DeadLetterActions.js';
import { BulkOutcome, FilterForm, filterFields } from '../components/DeadLetterFilters.js';
import { ReasonDialog } from '../components/ReasonDialog.js';
import { href, navigate, pathWith } from '../router.js';
import { dateTime, formatDuration } from '../time/format.js';

const statuses = ['unhandled', 'handled', 'all'] as const;
type Status = (typeof statuses)[number];

const asService = (value: string | null): ServiceName =>
  serviceNames.find((name) => name === value) ?? 'order';
const asStatus = (value: string | null): Status => statuses.find((name) => name === value) ?? 'unhandled';

/** #/outboxes?service=&status=&topic=&type=&source=&consumerGroup= */
export function OutboxesPage({ query }: { query: URLSearchParams }) {
  const service = asService(query.get('service'));
  const status = asStatus(query.get('status'));
  const filter: DeadLetterFilter = {};
  for (const field of filterFields) {
    const value = query.get(field);
    if (value) Object.assign(filter, { [field]: value });
  }
  const current = { service, status, ...filter };
  const go = (next: Record<string, string | undefined>) =>
    navigate(pathWith('/outboxes', { ...current, ...next }));

  return (
    <section>
      <h1>Outboxes &amp; dead letters</h1>
      <ul className="cards">
        {serviceNames.map((name) => (
          <li key={name}>
            <OutboxCard service={name} onShow={() => go({ service: name, status: 'unhandled' })} />
          </li>
        ))}
      </ul>
      <DeadLetters key={JSON.stringify(current)} service={service} status={status} filter={filter} go={go} />
    </section>
  );
}

function OutboxCard({ service, onShow }: { service: ServiceName; onShow: () => void }) {
  const outbox = useOutbox(service);
  return (
    <article className="card" data-testid="outbox-card" data-service={service}>
      <h2>{service}</h2>
      {outbox.isPending ? (
        <Loading what="the outbox" />
      ) : outbox.isError ? (
        <ErrorState error={outbox.error} what="The outbox" />
      ) : (
        <dl>
          <dt>Pending</dt>
          <dd data-testid="outbox-pending">{outbox.data.pending}</dd>
          <dt>Retrying</dt>
          <dd>{outbox.data.retrying}</dd>
          <dt>Oldest pending</dt>
          <dd>
            {outbox.data.oldestPendingAgeMs === null
              ? '—'
              : `${formatDuration(outbox.data.oldestPendingAgeMs)} old`}
          </dd>
          <dt>Unhandled dead letters</dt>
          <dd data-testid="outbox-dead-letters">
            {outbox.data.deadLetters.unhandled > 0 ? '⚠ ' : ''}
            {outbox.data.deadLetters.unhandled}{' '}
            <button type="button" className="link" onClick={onShow}>
              show
            </button>
          </dd>
        </dl>
      )}
    </article>
  );
}

interface DeadLettersProps {
  service: ServiceName;
  status: Status;
  filter: DeadLetterFilter;
  go: (next: Record<string, string | undefined>) => void;
}

function DeadLetters({ service, status, filter, go }: DeadLettersProps) {
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useDeadLetters(service, { status, ...filter, cursor: cursors.at(-1) });
  const [bulk, setBulk] = useState<'replay' | 'discard' | null>(null);
  const [result, setResult] = useState<{ action: string; result: BulkResult } | null>(null);
  const mutation = useBulkDeadLetters(service);
  const announce = useAnnounce();
  const ids = { service: useId(), status: useId() };

  return (
    <section aria-labelledby="dead-letters-heading">
      <h2 id="dead-letters-heading">Dead letters of {service}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.service}>Service</label>
          <select id={ids.service} value={service} onChange={(event) => go({ service: event.target.value })}>
            {serviceNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={status} onChange={(event) => go({ status: event.target.value })}>
            {statuses.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <FilterForm
          filter={filter}
          onApply={(next) =>
            go({ topic: undefined, type: undefined, source: undefined, consumerGroup: undefined, ...next })
          }
        />
      </div>
      <div className="actions bulk">
        <button type="button" data-testid="bulk-replay" onClick={() => setBulk('replay')}>
          Replay all matching
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="bulk-discard"
          onClick={() => setBulk('discard')}
        >
          Discard all matching
        </button>
        <span className="hint">
          Bulk actions take the unhandled dead letters matching the filters, oldest first (up to 100).
        </span>
      </div>
      {bulk !== null && (
        <ReasonDialog
          title={`${bulk === 'replay' ? 'Replay' : 'Discard'} all matching dead letters of ${service}`}
          description={`Filter: ${JSON.stringify(filter)}`}
          submitLabel={bulk === 'replay' ? 'Replay all' : 'Discard all'}
          onClose={() => setBulk(null)}
          onSubmit={async (reason) => {
            const answer = await mutation.mutateAsync({ action: bulk, reason, filter });
            setResult({ action: bulk, result: answer });
            announce(
              `${bulk}: ${answer.handled.length} of ${answer.matched} handled, ${answer.refused.length} refused`,
            );
          }}
        />
      )}
      {result !== null && <BulkOutcome action={result.action} result={result.result} />}
      {list.isPending ? (
        <Loading what="dead letters" />
      ) : list.isError ? (
        <ErrorState error={list.error} what="The dead letters" />
      ) : list.data.items.length === 0 ? (
        <p className="empty">No dead letters match.</p>
      ) : (
        <>
          <table>
            <caption>
              Dead letters of {service} ({status})
            </caption>
            <thead>
              <tr>
                <th scope="col">Failed</th>
                <th scope="col">Type</th>
                <th scope="col">Topic</th>
                <th scope="col">Source</th>
                <th scope="col">Reason</th>
                <th scope="col">Handled</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((letter) => (
                <tr key={letter.id} data-testid="dead-letter-row" data-id={letter.id}>
                  <th scope="row">
                    <a href={href(`/outboxes/${service}/dead-letters/${letter.id}`)}>
                      {dateTime(letter.failedAt)}
                    </a>
                  </th>
                  <td>{letter.type ?? '—'}</td>
                  <td>
                    <code>{letter.topic}</code>
                  </td>
                  <td>
                    {letter.source}
                    {letter.consumerGroup !== null && (
                      <div className="muted small">{letter.consumerGroup}</div>
                    )}
                  </td>
                  <td className="reason">{letter.reason}</td>
                  <td>{letter.handled === null ? 'no' : `✓ ${letter.handled.action ?? 'handled'}`}</td>
                  <td>
                    <DeadLetterActions service={service} deadLetter={letter} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages of dead letters">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              ← Previous
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={list.data.nextCursor === null}
              onClick={() => {
                const next = list.data.nextCursor;
                if (next !== null) setCursors([...cursors, next]);
              }}
            >
              Next →
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
