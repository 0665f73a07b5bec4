import type { RunSummary } from '../../lib/tracking-hooks';

/** A run's status as a coloured badge (running, finished, failed, killed). */
export function StatusBadge({ status }: { status: RunSummary['status'] }) {
  return <span className={`badge badge-run-${status}`}>{status}</span>;
}
