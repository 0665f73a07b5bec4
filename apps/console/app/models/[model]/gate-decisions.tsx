'use client';

import Link from 'next/link';
import { Fragment } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { formatMetric } from '../../../lib/metric-value';
import { modelVersionHref } from '../../../lib/model-registry';
import { type GateCheck, type GateDecision, useGateDecisions } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';
import { AliasBadge } from '../alias-badges';
import { useToggleSet } from '../../../lib/use-toggle-set';

const COLUMNS = 7;

/**
 * The model's promotion-gate decisions, newest first: candidate against the version behind the
 * baseline alias, passed or failed, whether the alias moved; each decision's per-metric checks
 * open below it.
 */
export function GateDecisions({ project, model }: { project: string; model: string }) {
  const decisions = useGateDecisions(project, model);
  const items = decisions.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, toggle] = useToggleSet<string>();

  return (
    <section aria-labelledby="gates-title">
      <h2 id="gates-title">Gate decisions</h2>
      {decisions.error && (
        <p className="error" role="alert">
          {apiProblem(decisions.error).message}
        </p>
      )}
      {decisions.isPending ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 && !decisions.error ? (
        <div className="empty">
          No gate has been evaluated for this model. A CI job runs one with{' '}
          <code>sextant gate</code> (or <code>gate()</code> from{' '}
          <code>@sextant/client/training</code>): it compares a candidate version with the one
          behind an alias on chosen metrics, and can promote it when it passes.
        </div>
      ) : (
        <div className="table-scroll">
          <table data-testid="gate-decisions" className="gates-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Candidate</th>
                <th>Baseline</th>
                <th>Result</th>
                <th>Promoted</th>
                <th>Reason</th>
                <th>Checks</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => {
                const expanded = open.has(d.id);
                const failed = d.checks.filter((c) => !c.passed).length;
                return (
                  <Fragment key={d.id}>
                    <tr data-passed={d.passed ? 'true' : 'false'}>
                      <td className="nowrap">{when(d.createdAt)}</td>
                      <td>
                        <Link href={modelVersionHref(project, model, d.candidateVersion)}>
                          v{d.candidateVersion}
                        </Link>
                      </td>
                      <td className="nowrap">
                        <AliasBadge alias={d.baselineAlias} />{' '}
                        {d.baselineVersion === null ? (
                          <span className="muted">(not set)</span>
                        ) : (
                          <Link href={modelVersionHref(project, model, d.baselineVersion)}>
                            (v{d.baselineVersion})
                          </Link>
                        )}
                      </td>
                      <td>
                        <span className={`badge ${d.passed ? 'badge-ok' : 'badge-down'}`}>
                          {d.passed ? 'passed' : 'failed'}
                        </span>
                      </td>
                      <td>
                        {d.promotedTo ? (
                          <span>
                            → <AliasBadge alias={d.promotedTo} />
                          </span>
                        ) : (
                          <span className="muted">no</span>
                        )}
                      </td>
                      <td className="wrap">{d.reason ?? <span className="muted">—</span>}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary small"
                          aria-expanded={expanded}
                          aria-controls={`checks-${d.id}`}
                          onClick={() => toggle(d.id)}
                        >
                          {expanded ? '▾' : '▸'} {d.checks.length} metric
                          {d.checks.length === 1 ? '' : 's'}
                          {failed > 0 ? `, ${failed} failed` : ''}
                        </button>
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={`checks-${d.id}`} className="expanded-row">
                        <td colSpan={COLUMNS}>
                          <Checks decision={d} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {decisions.hasNextPage && (
        <button
          type="button"
          className="secondary load-more"
          disabled={decisions.isFetchingNextPage}
          onClick={() => void decisions.fetchNextPage()}
        >
          {decisions.isFetchingNextPage ? 'Loading…' : 'Load older decisions'}
        </button>
      )}
    </section>
  );
}

/** What a check asked for, in MLflow's terms, with the outcome of each part. */
function criteria(check: GateCheck): { label: string; passed: boolean | undefined }[] {
  const t = check.threshold;
  const better = t.greaterIsBetter ? '≥' : '≤';
  const sign = t.greaterIsBetter ? '+' : '−';
  const out: { label: string; passed: boolean | undefined }[] = [];
  if (t.threshold !== undefined) {
    out.push({
      label: `value ${better} ${formatMetric(t.threshold)}`,
      passed: check.thresholdPassed,
    });
  }
  if (t.minAbsoluteChange !== undefined) {
    out.push({
      label: `${better} baseline ${sign} ${formatMetric(t.minAbsoluteChange)}`,
      passed: check.minAbsoluteChangePassed,
    });
  }
  if (t.minRelativeChange !== undefined) {
    out.push({
      label: `${better} baseline ${sign} ${formatMetric(t.minRelativeChange * 100)}%`,
      passed: check.minRelativeChangePassed,
    });
  }
  return out;
}

function Checks({ decision }: { decision: GateDecision }) {
  return (
    <table className="checks-table" data-testid="gate-checks">
      <thead>
        <tr>
          <th>Metric</th>
          <th className="num">Candidate v{decision.candidateVersion}</th>
          <th className="num">
            Baseline{decision.baselineVersion === null ? '' : ` v${decision.baselineVersion}`}
          </th>
          <th className="num">Change</th>
          <th>Criteria</th>
          <th>Outcome</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {decision.checks.map((c) => {
          const change =
            c.candidateValue !== null && c.baselineValue !== null
              ? c.candidateValue - c.baselineValue
              : null;
          return (
            <tr key={c.metric} data-passed={c.passed ? 'true' : 'false'}>
              <td>
                <code>{c.metric}</code>
                <div className="muted">
                  {c.threshold.greaterIsBetter ? 'higher is better' : 'lower is better'}
                </div>
              </td>
              <td className="num">
                {c.missingCandidate ? (
                  <span className="error">missing</span>
                ) : (
                  formatMetric(c.candidateValue)
                )}
              </td>
              <td className="num">
                {c.missingBaseline ? (
                  <span className="muted">missing</span>
                ) : (
                  formatMetric(c.baselineValue)
                )}
              </td>
              <td className="num">
                {change === null ? '—' : `${change > 0 ? '+' : ''}${formatMetric(change)}`}
              </td>
              <td>
                <ul className="criteria">
                  {criteria(c).map((k) => (
                    <li
                      key={k.label}
                      data-passed={k.passed === undefined ? undefined : String(k.passed)}
                    >
                      <span aria-hidden>{k.passed === undefined ? '·' : k.passed ? '✓' : '✗'}</span>{' '}
                      {k.label}
                      <span className="visually-hidden">
                        {k.passed === undefined ? '' : k.passed ? ' (passed)' : ' (failed)'}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <span className={`badge ${c.passed ? 'badge-ok' : 'badge-down'}`}>
                  {c.passed ? 'passed' : 'failed'}
                </span>
              </td>
              <td className="wrap">{c.message}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
