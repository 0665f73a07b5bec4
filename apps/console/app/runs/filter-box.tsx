'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { apiProblem } from '../../lib/api-error';
import { filterProblem, markPosition } from '../../lib/filter-error';

const EXAMPLE = "metrics.auc > 0.8 and params.model = 'xgboost'";

/** A filter the API refused, with the text it refused. */
export interface RefusedFilter {
  readonly filter: string;
  readonly error: unknown;
}

/**
 * The runs filter, in the search language. Applying sends it to the API; when the API refuses
 * it (a 400 on `filter`), its message shows here, the faulty character is selected in the input
 * and marked in a copy below it, and the table keeps the last good results.
 */
export function FilterBox({
  applied,
  refused,
  onApply,
  busy,
}: {
  applied: string;
  refused: RefusedFilter | null;
  onApply: (filter: string) => void;
  busy: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(refused?.filter ?? applied);
  const problem = refused ? filterProblem(refused.error) : null;
  const message = refused ? (problem?.message ?? apiProblem(refused.error).message) : null;
  const position = problem?.position ?? null;

  // A new applied filter (from the URL, or Clear) replaces the draft.
  useEffect(() => setDraft(applied), [applied]);

  // Point at the fault: focus the input and select the character the API named.
  useEffect(() => {
    if (!refused || position === null || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(position, Math.min(position + 1, refused.filter.length));
  }, [refused, position]);

  const mark = refused && position !== null ? markPosition(refused.filter, position) : null;
  return (
    <form
      role="search"
      aria-label="Filter runs"
      className="filter-box"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <label htmlFor={id}>Filter</label>
      <div className="filter-row">
        <input
          ref={input}
          id={id}
          name="filter"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={EXAMPLE}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={refused ? true : undefined}
          aria-describedby={refused ? `${id}-error` : `${id}-hint`}
        />
        <button type="submit" disabled={busy}>
          Apply
        </button>
        {(applied || draft) && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft('');
              onApply('');
            }}
          >
            Clear
          </button>
        )}
      </div>
      {refused ? (
        <div id={`${id}-error`} className="filter-error" role="alert">
          <p>{message}</p>
          {mark && (
            <pre className="filter-mark" data-testid="filter-mark" aria-hidden>
              {mark.before}
              <mark>{mark.at}</mark>
              {mark.after}
            </pre>
          )}
        </div>
      ) : (
        <p id={`${id}-hint`} className="hint">
          e.g. <code>{EXAMPLE}</code>, <code>status = &apos;failed&apos;</code>,{' '}
          <code>tags.team = &apos;risk&apos; or metrics.loss &lt; 0.1</code>
        </p>
      )}
    </form>
  );
}
