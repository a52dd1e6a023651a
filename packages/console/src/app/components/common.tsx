import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { problemText } from '../api/client.js';
import { NotConfigured } from '../api/queries.js';
import { formatCountdown, isOverdue } from '../time/format.js';

/** The aria-live region: what an action did, said to screen readers and shown on the page. */
const AnnounceContext = createContext<(message: string) => void>(() => undefined);
export const useAnnounce = () => useContext(AnnounceContext);

export function AnnounceProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => setMessage(text), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="announcer" role="status" aria-live="polite" data-testid="announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Date.now(), again every second: what deadlines count down by. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({ deadline }: { deadline: string | null }) {
  const now = useNow();
  if (deadline === null) return <span className="muted">none</span>;
  const overdue = isOverdue(deadline, now);
  return (
    <time dateTime={deadline} className={overdue ? 'countdown overdue' : 'countdown'} title={deadline}>
      {overdue ? '⚠ ' : '⌛ '}
      {formatCountdown(deadline, now)}
    </time>
  );
}

const statusIcons: Record<string, string> = {
  confirmed: '✓',
  cancelled: '✕',
  resolved: '◆',
  compensationFailed: '⚠',
  compensating: '↺',
};

/** A status as text and a shape, not colour alone. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`status status-${status}`} data-testid={testId} data-status={status}>
      <span aria-hidden="true">{statusIcons[status] ?? '◷'} </span>
      {status}
    </span>
  );
}

export function ErrorState({ error, what }: { error: unknown; what: string }) {
  if (error instanceof NotConfigured)
    return (
      <p className="notice" data-testid="not-configured">
        ⓘ {what}: the {error.service} service is not configured.
      </p>
    );
  return (
    <div className="error" role="alert">
      <strong>⚠ {what} could not be loaded.</strong> {problemText(error)}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="loading">Loading {what}…</p>;
}
