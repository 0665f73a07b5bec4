'use client';

import type { ReactNode } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { formatDelta, formatFraction, formatMs, formatPercent } from '../../../lib/deployments';
import { type DeploymentSummary, useShadowReport } from '../../../lib/serving-hooks';

/**
 * Champion vs challenger on mirrored requests: the challenger answers a copy of `shadowPercent`
 * % of the champion's requests after the champion's answer is sent, and nobody sees its answer.
 */
export function ShadowReportSection({
  project,
  deployment: d,
}: {
  project: string;
  deployment: DeploymentSummary;
}) {
  const report = useShadowReport(project, d.name, true);
  const r = report.data;
  return (
    <section aria-labelledby="shadow-title">
      <div className="section-head">
        <h2 id="shadow-title">Shadow report</h2>
        {r && (
          <span className="muted">
            champion v{r.championVersion} vs challenger v{r.challengerVersion ?? '—'} · shadow{' '}
            {formatPercent(r.shadowPercent)} · since r{r.revision}
          </span>
        )}
      </div>
      {report.error && !r && (
        <p className="error" role="alert">
          {apiProblem(report.error).message}
        </p>
      )}
      {!r ? (
        report.isPending && <p className="muted">Loading…</p>
      ) : (
        <>
          {r.shadowPercent === 0 && r.mirrored === 0 && (
            <p className="muted">
              Shadow is off: give the challenger a shadow share in the traffic editor below to
              compare it on live requests without anyone seeing its answers.
            </p>
          )}
          <div className="stat-grid" data-testid="shadow-report">
            <Stat label="Mirrored" testId="shadow-mirrored" hint="requests the challenger answered">
              {r.mirrored.toLocaleString('en-US')}
            </Stat>
            <Stat label="Agreement" testId="shadow-agreement" hint="same decision as the champion">
              {formatFraction(r.agreementRate)}
            </Stat>
            <Stat
              label="Errors"
              testId="shadow-errors"
              hint="mirrored requests the challenger failed"
              bad={r.errors > 0}
            >
              {r.errors.toLocaleString('en-US')}
            </Stat>
            <Stat
              label="Dropped"
              testId="shadow-dropped"
              hint="not mirrored: the shadow queue was full"
              bad={r.dropped > 0}
            >
              {r.dropped.toLocaleString('en-US')}
            </Stat>
          </div>
          <div className="stat-tables">
            <table data-testid="shadow-delta" aria-label="Output delta">
              <caption>
                Output delta{' '}
                {r.outputDelta.field ? (
                  <>
                    of <code>{r.outputDelta.field}</code>
                  </>
                ) : null}{' '}
                <span className="muted">|challenger − champion|</span>
              </caption>
              <thead>
                <tr>
                  <th className="num">mean</th>
                  <th className="num">p50</th>
                  <th className="num">p95</th>
                  <th className="num">p99</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="num">{formatDelta(r.outputDelta.mean)}</td>
                  <td className="num">{formatDelta(r.outputDelta.p50)}</td>
                  <td className="num">{formatDelta(r.outputDelta.p95)}</td>
                  <td className="num">{formatDelta(r.outputDelta.p99)}</td>
                </tr>
              </tbody>
            </table>
            <table data-testid="shadow-latency" aria-label="Shadow latency">
              <caption>
                Challenger latency <span className="muted">on mirrored requests</span>
              </caption>
              <thead>
                <tr>
                  <th className="num">p50</th>
                  <th className="num">p95</th>
                  <th className="num">p99</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="num">{formatMs(r.latencyMs.p50)}</td>
                  <td className="num">{formatMs(r.latencyMs.p95)}</td>
                  <td className="num">{formatMs(r.latencyMs.p99)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Stat({
  label,
  hint,
  testId,
  bad,
  children,
}: {
  label: string;
  hint: string;
  testId: string;
  bad?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="stat" data-bad={bad ? 'true' : undefined}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {children}
      </span>
      <span className="stat-hint">{hint}</span>
    </div>
  );
}
