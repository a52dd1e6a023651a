import { useOverdue, useParked } from '../api/queries.js';
import { ErrorState, Loading } from '../components/common.js';
import { SagaActionsFor } from '../components/SagaActions.js';
import { OrdersTable } from './OrdersPage.js';

/** Sagas that need an operator: parked after failed compensation, or past their deadline. */
export function SagasPage() {
  const parked = useParked();
  const overdue = useOverdue();
  const actions = (order: { id: string }) => <SagaActionsFor orderId={order.id} />;
  return (
    <section>
      <h1>Stuck sagas</h1>
      <section aria-labelledby="parked-heading">
        <h2 id="parked-heading">Parked (compensation failed)</h2>
        {parked.isPending ? (
          <Loading what="parked sagas" />
        ) : parked.isError ? (
          <ErrorState error={parked.error} what="The parked sagas" />
        ) : (
          <OrdersTable items={parked.data.items} caption="Parked sagas" actions={actions} />
        )}
      </section>
      <section aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">Overdue (deadline passed)</h2>
        {overdue.isPending ? (
          <Loading what="overdue sagas" />
        ) : overdue.isError ? (
          <ErrorState error={overdue.error} what="The overdue sagas" />
        ) : (
          <OrdersTable items={overdue.data.items} caption="Overdue sagas" actions={actions} />
        )}
      </section>
    </section>
  );
}
