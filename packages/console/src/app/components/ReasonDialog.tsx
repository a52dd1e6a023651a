import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { problemText } from '../api/client.js';

export interface ReasonDialogProps {
  title: string;
  description?: string;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}

/**
 * An operator action's form: a reason is required (the action is recorded with
 * it). A modal <dialog>: focus stays inside, Escape closes it, Enter submits.
 */
export function ReasonDialog({ title, description, submitLabel, onSubmit, onClose }: ReasonDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const reasonId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
      onClose();
    } catch (failure) {
      setError(problemText(failure));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={onClose}
      className="dialog"
      data-testid="reason-dialog"
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {description !== undefined && <p>{description}</p>}
        <label htmlFor={reasonId}>Reason</label>
        <input
          id={reasonId}
          type="text"
          value={reason}
          required
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
        />
        {error !== null && (
          <p className="error" role="alert" data-testid="action-error">
            ⚠ {error}
          </p>
        )}
        <div className="buttons">
          <button type="submit" disabled={reason.trim() === '' || busy}>
            {busy ? 'Working…' : submitLabel}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
