'use client';

import { useState } from 'react';
import { type AuditFilters, useAuditLog } from '../../../lib/api-hooks';
import { useMe } from '../../_components/app-shell';
import { Field, FormError, Reason, text, when, onSubmit } from '../../_components/forms';

const ONLY_ADMINS = 'Only platform admins read the audit log';

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) =>
  v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** One line per field that changed: `role: viewer → admin`, or `name: ci` for a new thing. */
function describeChange(before: unknown, after: unknown): string[] {
  if (before == null && after == null) return [];
  if (!(isFields(before) || before == null) || !(isFields(after) || after == null)) {
    return [`${show(before)} → ${show(after)}`];
  }
  const b = before ?? {};
  const a = after ?? {};
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
    if (!(key in b) || before == null) lines.push(`${key}: ${show(a[key])}`);
    else lines.push(`${key}: ${show(b[key])} → ${show(a[key])}`);
  }
  return lines;
}

export default function AuditPage() {
  const me = useMe();
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters, me.isAdmin);

  const submit = onSubmit((form) => {
    const next: AuditFilters = {};
    for (const key of ['actor', 'action', 'project'] as const) {
      const value = text(form, key);
      if (value) next[key] = value;
    }
    setFilters(next);
  });

  if (!me.isAdmin) {
    return (
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">Audit log</h2>
        <Reason>{ONLY_ADMINS}.</Reason>
      </section>
    );
  }

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form onSubmit={submit} aria-label="Filter the audit log" className="form-row">
        <fieldset>
          <Field label="Actor" name="actor" placeholder="email or user id" error={log.error} />
          <Field
            label="Action"
            name="action"
            placeholder="platform.user-created"
            error={log.error}
          />
          <Field label="Project" name="project" placeholder="slug" error={log.error} />
          <button type="submit">Filter</button>
        </fieldset>
      </form>
      <FormError error={log.error} />
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Project</th>
            <th>Target</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const change = describeChange(e.before, e.after);
            return (
              <tr key={e.id}>
                <td className="nowrap">{when(e.at)}</td>
                <td>{e.actor?.email ?? <span className="muted">system</span>}</td>
                <td className="nowrap">
                  <code>{e.action}</code>
                </td>
                <td>{e.project ?? <span className="muted">—</span>}</td>
                <td>{e.target ?? <span className="muted">—</span>}</td>
                <td className="change">
                  {change.map((line) => (
                    <div key={line}>{line}</div>
                  ))}
                </td>
              </tr>
            );
          })}
          {!log.isPending && items.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No entries match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {log.isPending && <p className="muted">Loading…</p>}
      {log.hasNextPage && (
        <button
          type="button"
          className="secondary load-more"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
