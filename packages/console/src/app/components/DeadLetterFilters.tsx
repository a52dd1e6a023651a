import { type FormEvent, useId, useState } from 'react';
import type { BulkResult, DeadLetterFilter } from '../api/types.js';

export const filterFields = ['topic', 'type', 'source', 'consumerGroup'] as const;

/** The dead letter filters (the list's and the bulk actions'): applied on submit, Enter included. */
export function FilterForm({
  filter,
  onApply,
}: {
  filter: DeadLetterFilter;
  onApply: (next: DeadLetterFilter) => void;
}) {
  const [draft, setDraft] = useState<Record<string, string>>({ ...filter });
  const base = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    for (const field of filterFields) {
      const value = draft[field]?.trim();
      if (value) next[field] = value;
    }
    onApply(next as DeadLetterFilter);
  };
  return (
    <form className="filter-form" onSubmit={submit} aria-label="Dead letter filters">
      {filterFields.map((field) =>
        field === 'source' ? (
          <div className="field" key={field}>
            <label htmlFor={`${base}-${field}`}>Source</label>
            <select
              id={`${base}-${field}`}
              value={draft.source ?? ''}
              onChange={(event) => setDraft({ ...draft, source: event.target.value })}
            >
              <option value="">any</option>
              <option value="relay">relay</option>
              <option value="consumer">consumer</option>
            </select>
          </div>
        ) : (
          <div className="field" key={field}>
            <label htmlFor={`${base}-${field}`}>
              {field === 'consumerGroup' ? 'Consumer group' : field === 'topic' ? 'Topic' : 'Type'}
            </label>
            <input
              id={`${base}-${field}`}
              type="text"
              value={draft[field] ?? ''}
              onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
            />
          </div>
        ),
      )}
      <button type="submit">Apply filters</button>
    </form>
  );
}

export function BulkOutcome({ action, result }: { action: string; result: BulkResult }) {
  return (
    <div className="panel result" data-testid="bulk-result">
      <p>
        <strong>
          {action === 'replay' ? 'Replayed' : 'Discarded'} {result.handled.length}
        </strong>{' '}
        of {result.matched} matching; {result.refused.length} refused.
      </p>
      {result.refused.length > 0 && (
        <ul>
          {result.refused.map((refusal) => (
            <li key={refusal.id}>
              <code>{refusal.id}</code>: {refusal.problem.title}
              {refusal.problem.detail !== undefined ? ` — ${refusal.problem.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
