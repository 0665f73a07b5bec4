import { type ReportVerdictInput, windowVerdict } from '../../lib/monitoring';

/** A window's verdict: drift (with the share of features), no drift, reference, too few samples. */
export function VerdictBadge({ report }: { report: ReportVerdictInput | undefined }) {
  const v = windowVerdict(report);
  return (
    <span className={`badge badge-verdict-${v.kind}`} title={v.title} data-verdict={v.kind}>
      {v.label}
    </span>
  );
}

/** Consecutive drifted windows against the monitor's alert rule: `2 / 3`, red once it alerts. */
export function ConsecutiveBadge({
  consecutive,
  alertAfter,
}: {
  consecutive: number;
  alertAfter: number;
}) {
  const level = consecutive === 0 ? 'none' : consecutive >= alertAfter ? 'alerting' : 'rising';
  return (
    <span
      className={`consecutive consecutive-${level}`}
      title={`${consecutive} drifted window${consecutive === 1 ? '' : 's'} in a row; an alert after ${alertAfter}`}
    >
      {consecutive} / {alertAfter}
    </span>
  );
}
