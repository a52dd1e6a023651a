import { useState } from 'react';
import { useDeadLetterAction } from '../api/queries.js';
import type { DeadLetterSummary, ServiceName } from '../api/types.js';
import { useAnnounce } from './common.js';
import { ReasonDialog } from './ReasonDialog.js';

type Action = 'replay' | 'discard';

const labels: Record<Action, string> = { replay: 'Replay', discard: 'Discard' };

/** Replay or discard one dead letter, with a reason; only while it is unhandled. */
export function DeadLetterActions({
  service,
  deadLetter,
}: {
  service: ServiceName;
  deadLetter: DeadLetterSummary;
}) {
  const [open, setOpen] = useState<Action | null>(null);
  const mutation = useDeadLetterAction(service);
  const announce = useAnnounce();
  const handled = deadLetter.handled !== null;
  const replayable = !handled && deadLetter.hasEnvelope;
  return (
    <div className="actions">
      <button
        type="button"
        data-testid="dead-letter-replay"
        disabled={!replayable}
        title={
          handled
            ? 'Already handled'
            : deadLetter.hasEnvelope
              ? 'Handle it again'
              : 'No envelope: cannot be replayed'
        }
        onClick={() => setOpen('replay')}
      >
        Replay
      </button>
      <button
        type="button"
        className="secondary"
        data-testid="dead-letter-discard"
        disabled={handled}
        title={handled ? 'Already handled' : 'Mark it handled without replaying'}
        onClick={() => setOpen('discard')}
      >
        Discard
      </button>
      {open !== null && (
        <ReasonDialog
          title={`${labels[open]} dead letter ${deadLetter.id}`}
          description={`${deadLetter.type ?? 'unknown type'} on ${deadLetter.topic} (${service})`}
          submitLabel={labels[open]}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const result = await mutation.mutateAsync({ id: deadLetter.id, action: open, reason });
            announce(`Dead letter ${result.id}: ${result.handled?.action ?? 'handled'}`);
          }}
        />
      )}
    </div>
  );
}
