import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useMachine, useOrders } from '../api/queries.js';
import type { OrderSummary } from '../api/types.js';
import { ErrorState, Loading, StatusBadge } from '../components/common.js';
import { href, navigate, pathWith } from '../router.js';
import { dateTime, formatCents } from '../time/format.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** #/orders?status=&customerId= — the filters live in the URL; the cursors of the pages before, in a stack. */
export function OrdersPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const customerId = query.get('customerId') ?? '';
  const [pages, setPages] = useState<{ key: string; cursors: string[] }>({ key: '', cursors: [] });
  const filterKey = `${status}|${customerId}`;
  // A new filter starts again from the first page.
  const cursors = pages.key === filterKey ? pages.cursors : [];
  const cursor = cursors.at(-1);
  const orders = useOrders({ status: status || undefined, customerId: customerId || undefined, cursor });
  const machine = useMachine();
  const statusId = useId();
  const searchId = useId();
  const [search, setSearch] = useState(customerId);

  const setFilter = (next: { status?: string; customerId?: string }) =>
    navigate(pathWith('/orders', { status, customerId, ...next }));

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    const text = search.trim();
    if (uuid.test(text)) navigate(`/orders/${text.toLowerCase()}`);
    else setFilter({ customerId: text });
  };

  const statuses = machine.data?.states.map((state) => state.name) ?? (status === '' ? [] : [status]);
  return (
    <section>
      <h1>Orders</h1>
      <div className="filters">
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={status}
            onChange={(event) => setFilter({ status: event.target.value })}
          >
            <option value="">All statuses</option>
            {statuses.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <form className="field search" onSubmit={submitSearch}>
          <label htmlFor={searchId}>Order id or customer</label>
          <input
            id={searchId}
            type="search"
            value={search}
            placeholder="an order id opens it; anything else filters by customer"
            onChange={(event) => setSearch(event.target.value)}
          />
          <button type="submit">Search</button>
        </form>
        {customerId !== '' && (
          <p className="chip">
            Customer <strong>{customerId}</strong>{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setSearch('');
                setFilter({ customerId: '' });
              }}
            >
              clear
            </button>
          </p>
        )}
      </div>
      {machine.isError && <ErrorState error={machine.error} what="The saga machine (for the status list)" />}
      {orders.isPending ? (
        <Loading what="orders" />
      ) : orders.isError ? (
        <ErrorState error={orders.error} what="The orders" />
      ) : (
        <>
          <OrdersTable
            items={orders.data.items}
            caption={`Orders${status ? ` (${status})` : ''}, newest first`}
          />
          <nav className="pager" aria-label="Pages of orders">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setPages({ key: filterKey, cursors: cursors.slice(0, -1) })}
            >
              ← Previous
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={orders.data.nextCursor === null}
              onClick={() => {
                const next = orders.data.nextCursor;
                if (next !== null) setPages({ key: filterKey, cursors: [...cursors, next] });
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

export function OrdersTable({
  items,
  caption,
  actions,
}: {
  items: OrderSummary[];
  caption: string;
  actions?: (order: OrderSummary) => ReactNode;
}) {
  if (items.length === 0) return <p className="empty">No orders here.</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Customer</th>
          <th scope="col">Status</th>
          <th scope="col" className="number">
            Total
          </th>
          <th scope="col">Created</th>
          {actions !== undefined && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((order) => (
          <tr key={order.id} data-testid="order-row" data-order-id={order.id} data-status={order.status}>
            <th scope="row">
              <a href={href(`/orders/${order.id}`)}>
                <code>{order.id}</code>
              </a>
            </th>
            <td>{order.customerId}</td>
            <td>
              <StatusBadge status={order.status} />
              {order.failureReason !== null && <div className="muted small">{order.failureReason}</div>}
            </td>
            <td className="number">{formatCents(order.totalCents)}</td>
            <td>
              <time dateTime={order.createdAt}>{dateTime(order.createdAt)}</time>
            </td>
            {actions !== undefined && <td>{actions(order)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
