import { encodeMetricValue } from '../metrics/metric-value';
import type { RunAttachments, RunRow } from './runs.repository';
import type { RunSummary } from './runs.types';

/** Builds run summaries from run rows and their params, tags and latest metrics. */
export function toRunSummaries(rows: readonly RunRow[], att: RunAttachments): RunSummary[] {
  const byRun = new Map<string, RunSummary>();
  const summaries = rows.map((r) => {
    const s: RunSummary = {
      id: r.id,
      name: r.name,
      experimentId: r.experimentId,
      status: r.status,
      startTime: r.startTime.toISOString(),
      endTime: r.endTime?.toISOString() ?? null,
      deletedAt: r.deletedAt?.toISOString() ?? null,
      createdBy: r.createdBy,
      code: {
        commit: r.gitCommit,
        repository: r.gitRepository,
        branch: r.gitBranch,
        dirty: r.gitDirty,
      },
      metrics: {},
      params: {},
      tags: {},
    };
    byRun.set(r.id, s);
    return s;
  });
  for (const m of att.latest) {
    const s = byRun.get(m.runId);
    if (s) s.metrics[m.key] = encodeMetricValue(m.value);
  }
  for (const p of att.params) {
    const s = byRun.get(p.runId);
    if (s) s.params[p.key] = p.value;
  }
  for (const t of att.tags) {
    const s = byRun.get(t.runId);
    if (s) s.tags[t.key] = t.value;
  }
  return summaries;
}
