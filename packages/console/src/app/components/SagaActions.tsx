import { useState } from 'react';
import { useOperatorAction, useOrder } from '../api/queries.js';
import type { OperatorAction } from '../api/types.js';
import { useAnnounce } from './common.js';
import { ReasonDialog } from './ReasonDialog.js';

/** Each operator action, and the saga event it sends: enabled only while the saga accepts that event. */
export const operatorActions: readonly {
  action: OperatorAction;
  event: string;
  label: string;
  help: string;
}[] = [
  { action: 'retry', event: 'RetryStep', label: 'Retry', help: 'Send the awaited step’s command again.' },
  {
    action: 'compensate',
    event: 'ForceCompensation',
    label: 'Force compensation',
    help: 'Stop waiting and undo what the saga did so far.',
  },
  { action: 'resolve', event: 'Resolve', label: 'Resolve', help: 'Mark a parked saga resolved by hand.' },
];

export function SagaActions({ orderId, accepts }: { orderId: string; accepts: readonly string[] }) {
  const [open, setOpen] = useState<OperatorAction | null>(null);
  const mutation = useOperatorAction();
  const announce = useAnnounce();
  const chosen = operatorActions.find((candidate) => candidate.action === open);
  return (
    <div className="actions">
      {operatorActions.map(({ action, event, label, help }) => {
        const enabled = accepts.includes(event);
        return (
          <button
            key={action}
            type="button"
            data-testid={`action-${action}`}
            disabled={!enabled}
            title={enabled ? help : `The saga does not accept ${event} now`}
            onClick={() => setOpen(action)}
          >
            {label}
          </button>
        );
      })}
      {chosen !== undefined && (
        <ReasonDialog
          title={`${chosen.label}: order ${orderId}`}
          description={chosen.help}
          submitLabel={chosen.label}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const result = await mutation.mutateAsync({ orderId, action: chosen.action, reason });
            announce(
              `${chosen.label} of order ${orderId}: ${result.from} → ${result.to} (${result.outcome})`,
            );
          }}
        />
      )}
    </div>
  );
}

/** The actions of a saga in a list: its order view says what it accepts. */
export function SagaActionsFor({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  const accepts = order.data?.saga.accepts.map((accepted) => accepted.event) ?? [];
  return <SagaActions orderId={orderId} accepts={accepts} />;
}
