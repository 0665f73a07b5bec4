'use client';

import Link from 'next/link';
import { useEffect, useId, useMemo, useState } from 'react';
import { type AliasBand, aliasBands } from '../../../lib/alias-timeline';
import { apiProblem } from '../../../lib/api-error';
import { aliasOrder, modelVersionHref } from '../../../lib/model-registry';
import { useAliasAt, useAliasHistory } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';
import { AliasBadge } from '../alias-badges';
import { AliasTimeline } from './alias-timeline';

/** How often the open segments grow to the current time. */
const NOW_TICK_MS = 30_000;

/**
 * "What served when": the alias-history timeline (a band per alias, a segment per version it
 * pointed to), the list of every move, and the API's own answer to "what did the alias point to
 * at time T" (`models.aliasAt`).
 */
export function AliasHistory({
  project,
  model,
  nameOf,
}: {
  project: string;
  model: string;
  nameOf: (actorId: string | null) => string;
}) {
  const history = useAliasHistory(project, model);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), NOW_TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  // A refetch (after a move) redraws up to the moment of the new data.
  useEffect(() => setNow(Date.now()), [history.dataUpdatedAt]);
  const bands = useMemo(() => aliasBands(history.data ?? [], now), [history.data, now]);
  const moves = history.data ?? [];

  return (
    <section aria-labelledby="served-title">
      <h2 id="served-title">What served when</h2>
      {history.error && (
        <p className="error" role="alert">
          {apiProblem(history.error).message}
        </p>
      )}
      {history.isPending ? (
        <p className="muted">Loading…</p>
      ) : bands.length === 0 ? (
        <div className="empty">
          No alias has pointed to a version of this model yet: the timeline starts with the first
          move.
        </div>
      ) : (
        <>
          <div className="panel timeline-panel">
            <AliasTimeline
              bands={bands}
              now={now}
              nameOf={nameOf}
              versionHref={(v) => modelVersionHref(project, model, v)}
            />
          </div>
          <ServedAt project={project} model={model} bands={bands} />
          <details className="moves" open={moves.length <= 8}>
            <summary>
              {moves.length} alias move{moves.length === 1 ? '' : 's'}
            </summary>
            <table data-testid="alias-moves">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Alias</th>
                  <th>Move</th>
                  <th>By</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {moves.map((m, i) => (
                  <tr key={`${m.at}:${m.alias}:${i}`}>
                    <td className="nowrap">{when(m.at)}</td>
                    <td>
                      <AliasBadge alias={m.alias} />
                    </td>
                    <td className="nowrap">
                      {m.fromVersion === null ? 'none' : `v${m.fromVersion}`} →{' '}
                      {m.toVersion === null ? (
                        'deleted'
                      ) : (
                        <Link href={modelVersionHref(project, model, m.toVersion)}>
                          v{m.toVersion}
                        </Link>
                      )}
                    </td>
                    <td>{nameOf(m.actorId)}</td>
                    <td className="wrap">{m.reason ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

/** A local date-time for `<input type="datetime-local" step="1">`. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

/** Asks the API what an alias pointed to at a moment (`models.aliasAt`). */
function ServedAt({
  project,
  model,
  bands,
}: {
  project: string;
  model: string;
  bands: readonly AliasBand[];
}) {
  const id = useId();
  const aliases = useMemo(() => bands.map((b) => b.alias).sort(aliasOrder), [bands]);
  const [alias, setAlias] = useState(aliases[0] ?? '');
  const [draft, setDraft] = useState(() => localInput(Date.now()));
  const [asked, setAsked] = useState<{ alias: string; at: string } | null>(null);
  const answer = useAliasAt(project, model, asked?.alias ?? alias, asked?.at ?? null);

  return (
    <form
      className="served-at"
      aria-label="What served at a time"
      onSubmit={(e) => {
        e.preventDefault();
        const t = new Date(draft).getTime();
        if (Number.isFinite(t)) setAsked({ alias, at: new Date(t).toISOString() });
      }}
    >
      <span className="served-at-label">What did</span>
      <select aria-label="Alias" value={alias} onChange={(e) => setAlias(e.target.value)}>
        {aliases.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <label htmlFor={id} className="served-at-label">
        point to at
      </label>
      <input
        id={id}
        type="datetime-local"
        step="1"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        required
      />
      <button type="submit" className="secondary">
        Ask
      </button>
      <span className="served-at-answer" role="status" data-testid="served-at-answer">
        {asked && answer.data
          ? answer.data.version === null
            ? `${answer.data.alias} pointed to no version at ${when(answer.data.at)}.`
            : `${answer.data.alias} pointed to v${answer.data.version} at ${when(answer.data.at)}${
                answer.data.since ? ` (since ${when(answer.data.since.at)})` : ''
              }.`
          : asked && answer.error
            ? apiProblem(answer.error).message
            : asked && answer.isFetching
              ? 'Asking…'
              : ''}
      </span>
    </form>
  );
}
