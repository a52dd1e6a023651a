import { useConfig } from '../api/config.js';
import { NotConfigured, useMachine, useOrder, useServiceMessages } from '../api/queries.js';
import type { OrderView } from '../api/types.js';
import { traceUrl } from '../api/urls.js';
import { Countdown, ErrorState, Loading, StatusBadge } from '../components/common.js';
import { glyphs } from '../components/glyphs.js';
import { SagaActions } from '../components/SagaActions.js';
import { StateDiagram } from '../diagram/StateDiagram.js';
import { href } from '../router.js';
import { sagaFinished } from '../saga/finished.js';
import { type ParticipantMessages, swimlaneModel } from '../swimlane/model.js';
import { type LaneNote, Swimlane } from '../swimlane/Swimlane.js';
import { dateTime, formatCents, timeOfDay } from '../time/format.js';
import { MessagesTable, TimelineTable } from './OrderTables.js';

/** #/orders/:id — one saga: where it is, how it got there, what it awaits, what an operator may do. */
export function OrderPage({ id }: { id: string }) {
  const order = useOrder(id);
  if (order.isPending) return <Loading what={`order ${id}`} />;
  if (order.isError)
    return (
      <section>
        <h1>Order {id}</h1>
        <ErrorState error={order.error} what="The order" />
        <p>
          <a href={href('/orders')}>Back to the orders</a>
        </p>
      </section>
    );
  return <OrderDetail view={order.data} />;
}

function OrderDetail({ view }: { view: OrderView }) {
  const { order, saga } = view;
  const machine = useMachine(saga.machineVersion);
  const inventory = useServiceMessages('inventory', order.id);
  const payment = useServiceMessages('payment', order.id);
  const participants: ParticipantMessages = {};
  if (inventory.data !== undefined) participants.inventory = inventory.data;
  if (payment.data !== undefined) participants.payment = payment.data;
  const notes: LaneNote[] = [];
  for (const [lane, result] of [
    ['inventory', inventory],
    ['payment', payment],
  ] as const) {
    if (result.error instanceof NotConfigured) notes.push({ lane, note: 'not configured' });
    else if (result.isError) notes.push({ lane, note: `${glyphs.warning} messages unavailable` });
  }
  const model = swimlaneModel(view, participants);
  const accepts = saga.accepts.map((accepted) => accepted.event);
  const finished = sagaFinished(saga, machine.data);

  return (
    <article className="order">
      <header className="order-header">
        <h1>
          Order <code>{order.id}</code>
        </h1>
        <StatusBadge status={order.status} testId="order-status" />
        <dl className="facts">
          <dt>Customer</dt>
          <dd>{order.customerId}</dd>
          <dt>Total</dt>
          <dd>{formatCents(order.totalCents)}</dd>
          <dt>Created</dt>
          <dd>{dateTime(order.createdAt)}</dd>
          <dt>Failure reason</dt>
          <dd data-testid="failure-reason">{order.failureReason ?? '—'}</dd>
          <dt>Trace</dt>
          <dd>
            <TraceId traceId={order.traceId} />
          </dd>
          <dt>Saga</dt>
          <dd>
            machine v{saga.machineVersion}, state {saga.state}, attempt {saga.attempt}
          </dd>
          <dt>Deadline</dt>
          <dd data-testid="saga-deadline">
            <Countdown deadline={saga.deadline} />
          </dd>
        </dl>
      </header>

      <section aria-labelledby="actions-heading" className="panel">
        <h2 id="actions-heading">Operator actions</h2>
        <SagaActions orderId={order.id} accepts={accepts} />
      </section>

      <div className="panels">
        <section aria-labelledby="accepts-heading" className="panel">
          <h2 id="accepts-heading">Accepted events</h2>
          {saga.accepts.length === 0 ? (
            <p className="empty">{finished ? 'None: the saga is finished.' : 'None right now.'}</p>
          ) : (
            <ul data-testid="accepts">
              {saga.accepts.map((accepted) => (
                <li key={accepted.event}>
                  <code>{accepted.event}</code>
                  {accepted.deadline !== null && (
                    <>
                      {' '}
                      — deadline <Countdown deadline={accepted.deadline} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="compensations-heading" className="panel">
          <h2 id="compensations-heading">Pending compensations</h2>
          {finished ? (
            <p className="empty" data-testid="compensations-finished">
              None: the saga is finished.
            </p>
          ) : saga.compensationsPending.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ol data-testid="compensations-pending">
              {saga.compensationsPending.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">State diagram</h2>
        {machine.isPending ? (
          <Loading what="the saga machine" />
        ) : machine.isError ? (
          <ErrorState error={machine.error} what="The saga machine" />
        ) : (
          <StateDiagram machine={machine.data} timeline={view.timeline} current={saga.state} />
        )}
      </section>

      <section aria-labelledby="swimlane-heading">
        <h2 id="swimlane-heading">Timeline across the services</h2>
        <p className="hint">
          Steps of the order saga and what inventory and payment handled for it, in time order (UTC); arrows
          are the messages between them. Last refreshed {timeOfDay(new Date().toISOString())}.
        </p>
        <Swimlane model={model} notes={notes} />
        <details className="text-alternative">
          <summary>The messages as a table</summary>
          <MessagesTable model={model} />
        </details>
        <TimelineTable timeline={view.timeline} />
      </section>
    </article>
  );
}

function TraceId({ traceId }: { traceId: string | null }) {
  const config = useConfig();
  if (traceId === null) return <span className="muted">none (tracing off)</span>;
  const url = traceUrl(config, traceId);
  if (url === null) return <code data-testid="trace-id">{traceId}</code>;
  return (
    <a href={url} target="_blank" rel="noreferrer" data-testid="trace-id">
      <code>{traceId}</code> (opens the trace)
    </a>
  );
}
