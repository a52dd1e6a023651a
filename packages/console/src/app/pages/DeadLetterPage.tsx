import type { ReactNode } from 'react';
import { useDeadLetter } from '../api/queries.js';
import { type DeadLetterView, serviceNames } from '../api/types.js';
import { ErrorState, Loading } from '../components/common.js';
import { DeadLetterActions } from '../components/DeadLetterActions.js';
import { href, pathWith } from '../router.js';
import { dateTime } from '../time/format.js';

/** #/outboxes/:service/dead-letters/:id — one dead letter whole: why, what it carried, who handled it. */
export function DeadLetterPage({ service: serviceParam, id }: { service: string; id: string }) {
  const service = serviceNames.find((name) => name === serviceParam);
  const back = <a href={href(pathWith('/outboxes', { service }))}>Back to the dead letters</a>;
  if (service === undefined)
    return (
      <section>
        <h1>Unknown service</h1>
        <p>
          There is no service “{serviceParam}”. {back}
        </p>
      </section>
    );
  return <Detail service={service} id={id} back={back} />;
}

function Detail({
  service,
  id,
  back,
}: {
  service: (typeof serviceNames)[number];
  id: string;
  back: ReactNode;
}) {
  const letter = useDeadLetter(service, id);
  return (
    <section>
      <h1>
        Dead letter <code>{id}</code> of {service}
      </h1>
      <p>{back}</p>
      {letter.isPending ? (
        <Loading what="the dead letter" />
      ) : letter.isError ? (
        <ErrorState error={letter.error} what="The dead letter" />
      ) : (
        <>
          <DeadLetterActions service={service} deadLetter={letter.data} />
          <Fields letter={letter.data} />
        </>
      )}
    </section>
  );
}

function Fields({ letter }: { letter: DeadLetterView }) {
  const headers = Object.entries(letter.headers);
  return (
    <>
      <dl className="facts" data-testid="dead-letter-detail">
        <dt>Reason</dt>
        <dd className="reason">{letter.reason}</dd>
        <dt>Type</dt>
        <dd>{letter.type ?? '—'}</dd>
        <dt>Topic</dt>
        <dd>
          <code>{letter.topic}</code>
          {letter.partition !== null && ` partition ${letter.partition}`}
          {letter.offset !== null && ` offset ${letter.offset}`}
        </dd>
        <dt>Key</dt>
        <dd>{letter.key ?? '—'}</dd>
        <dt>Message id</dt>
        <dd>{letter.messageId ?? '—'}</dd>
        <dt>Source</dt>
        <dd>
          {letter.source}
          {letter.consumerGroup !== null && ` (group ${letter.consumerGroup})`}
        </dd>
        <dt>Attempts</dt>
        <dd>{letter.attempts}</dd>
        <dt>Failed</dt>
        <dd>{dateTime(letter.failedAt)}</dd>
        <dt>Handled</dt>
        <dd data-testid="dead-letter-handled">
          {letter.handled === null
            ? 'not yet'
            : `✓ ${letter.handled.action ?? 'handled'} ${dateTime(letter.handled.at)}${letter.handled.by === null ? '' : ` by ${letter.handled.by}`}${letter.handled.reason === null ? '' : `: ${letter.handled.reason}`}`}
        </dd>
      </dl>
      <h2>Headers</h2>
      {headers.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Record headers</caption>
          <thead>
            <tr>
              <th scope="col">Header</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {headers.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  <code>{value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{letter.envelope === null ? 'Raw value' : 'Envelope'}</h2>
      <pre className="json" data-testid="dead-letter-payload">
        {letter.envelope === null ? (letter.raw ?? '(empty)') : JSON.stringify(letter.envelope, null, 2)}
      </pre>
    </>
  );
}
