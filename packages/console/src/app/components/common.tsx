import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { problemText } from '../api/client.js';
import { NotConfigured } from '../api/queries.js';
import { formatCountdown, isOverdue } from '../time/format.js';
import { glyphs } from './glyphs.js';

/**
 * The aria-live region: what an action did, said to screen readers and shown
 * small at the bottom right, fading after a few seconds (styles.css). The text
 * stays in the region; each announcement is a new element, so that saying the
 * same words twice is announced twice and fades anew.
 */
const AnnounceContext = createContext<(message: string) => void>(() => undefined);
export const useAnnounce = () => useContext(AnnounceContext);

export function AnnounceProvider({ children }: { children: ReactNode }) {
  const [said, setSaid] = useState({ text: '', nth: 0 });
  const announce = useCallback((text: string) => setSaid((before) => ({ text, nth: before.nth + 1 })), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="announcer" role="status" aria-live="polite" data-testid="announcer">
        {said.text !== '' && (
          <span key={said.nth} className="toast">
            {said.text}
          </span>
        )}
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
      {overdue ? glyphs.warning : glyphs.clock} {formatCountdown(deadline, now)}
    </time>
  );
}

const statusIcons: Record<string, string> = {
  confirmed: glyphs.confirmed,
  cancelled: glyphs.cancelled,
  resolved: glyphs.resolved,
  compensationFailed: glyphs.warning,
  compensating: glyphs.compensating,
};

/** A status as text and a shape, not colour alone. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`status status-${status}`} data-testid={testId} data-status={status}>
      <span aria-hidden="true">{statusIcons[status] ?? glyphs.clock} </span>
      {status}
    </span>
  );
}

export function ErrorState({ error, what }: { error: unknown; what: string }) {
  if (error instanceof NotConfigured)
    return (
      <p className="notice" data-testid="not-configured">
        {glyphs.info} {what}: the {error.service} service is not configured.
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

/**
 * A picture wider than the window scrolls sideways; the keyboard must be able to
 * scroll it too, so the region takes focus (axe: scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  fit,
  children,
}: {
  label: string;
  fit?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
    <section className={fit ? 'scroll fit' : 'scroll'} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
