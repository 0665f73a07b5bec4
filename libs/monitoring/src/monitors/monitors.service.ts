import { Inject, Injectable } from '@nestjs/common';
import { type Caller, DATABASE, type ProjectScope, recordAudit } from '@sextant/api';
import { type Database, type Prisma, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { DriftTestRegistry } from '../drift/drift-test-registry';
import { type MonitorRow, MonitorsRepository } from './monitors.repository';
import type {
  CreateMonitorInput,
  DriftReportSummary,
  FeatureDrift,
  MonitorSummary,
} from './monitors.types';
import { histogramCounts } from '@sextant/stats';
import { WindowsService, columnsOf } from './windows.service';
import { calibrate, referenceCalibration } from './calibration';
import { accuracy, estimatedPerformance, logLoss, rocAuc } from './performance';

function monitorNotFound(name: string): AppError {
  return new AppError('NOT_FOUND', `Monitor "${name}" not found`, {
    fields: [{ path: 'monitor', message: `no monitor "${name}" in this project` }],
  });
}

/**
 * Monitors: a deployment's prediction log in tumbling windows against a pinned reference, with
 * chosen (or automatic) drift tests per feature. Creation checks the features against the
 * deployment as serving announced it (`serving.deployment-changed`) and the tests and their
 * params against the installed plugins.
 */
@Injectable()
export class MonitorsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly monitors: MonitorsRepository,
    private readonly registry: DriftTestRegistry,
    private readonly windows: WindowsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateMonitorInput,
  ): Promise<MonitorSummary> {
    const deployment = await this.monitors.deployment(scope.id, input.deployment);
    if (!deployment) {
      throw new AppError(
        'NOT_FOUND',
        `Deployment "${input.deployment}" not found (as monitoring knows it: serving announces deployments within seconds)`,
        {
          fields: [{ path: 'deployment', message: `no deployment "${input.deployment}"` }],
        },
      );
    }
    const problems = this.checkFeatures(deployment.features as string[], input.features);
    const outputs = deployment.outputs as string[];
    if (input.performance && !outputs.includes(input.performance.output)) {
      problems.push({
        path: 'performance.output',
        message: `the deployment answers no field "${input.performance.output}" (its fields: ${outputs.join(', ')})`,
      });
    }
    if (problems.length) {
      throw new AppError('BAD_REQUEST', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
        fields: problems,
      });
    }
    const row = await this.tx.run(async (tx) => {
      const created = await this.monitors.create(tx, {
        projectId: scope.id,
        name: input.name,
        deployment: input.deployment,
        reference: input.reference,
        window: input.window,
        features: (input.features ?? undefined) as Prisma.InputJsonValue | undefined,
        driftShare: input.driftShare,
        minSamples: input.minSamples,
        alertAfter: input.alertAfter,
        performance: input.performance ?? undefined,
        createdBy: caller.userId,
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'monitoring.monitor-created',
        target: input.name,
        after: input,
      });
      return created;
    });
    return this.summary(row);
  }

  /** Problems with watched features: not the deployment's, unknown tests, params a test refuses. */
  private checkFeatures(
    known: readonly string[],
    features: readonly { name: string; test?: string | undefined; params?: unknown }[] | undefined,
  ): { path: string; message: string }[] {
    const problems: { path: string; message: string }[] = [];
    features?.forEach((f, i) => {
      if (!known.includes(f.name)) {
        problems.push({
          path: `features.${i}.name`,
          message: `the deployment has no feature "${f.name}" (its features: ${known.join(', ')})`,
        });
      }
      if (f.test !== undefined) {
        const test = this.registry.get(f.test);
        if (!test) {
          problems.push({
            path: `features.${i}.test`,
            message: `unknown drift test "${f.test}" (installed: ${this.registry.names().join(', ')})`,
          });
        } else if (f.params !== undefined) {
          const parsed = test.test.params.safeParse(f.params);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) {
              problems.push({
                path: [`features.${i}.params`, ...issue.path.map(String)].join('.'),
                message: issue.message,
              });
            }
          }
        }
      }
    });
    return problems;
  }

  /**
   * Backfill: the monitor's features (and their tests) replaced, and every closed window's report
   * computed again from its stored samples — a new or changed test over past windows.
   */
  async backfill(
    caller: Caller,
    scope: ProjectScope,
    input: {
      monitor: string;
      features: { name: string; test?: string | undefined; params?: unknown }[];
    },
  ): Promise<DriftReportSummary[]> {
    const monitor = await this.require(scope, input.monitor);
    const deployment = await this.monitors.deployment(scope.id, monitor.deployment);
    const problems = this.checkFeatures(
      (deployment?.features as string[] | undefined) ?? [],
      input.features,
    );
    if (problems.length) {
      throw new AppError('BAD_REQUEST', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
        fields: problems,
      });
    }
    await this.tx.run(
      async (tx) => {
        const updated = await this.monitors.setFeatures(
          tx,
          monitor.id,
          input.features as Prisma.InputJsonValue,
        );
        for (const w of await this.monitors.reportedWindows(tx, monitor.id)) {
          await this.windows.rereport(tx, scope.slug, updated, w.windowSeq, w.endAt);
        }
        await recordAudit(tx, {
          actor: caller,
          project: scope.id,
          action: 'monitoring.monitor-backfilled',
          target: monitor.name,
          after: { features: input.features },
        });
      },
      { timeout: 120_000 },
    );
    return this.reports(scope, input.monitor, 1000);
  }

  async list(scope: ProjectScope): Promise<MonitorSummary[]> {
    return Promise.all((await this.monitors.list(scope.id)).map((m) => this.summary(m)));
  }

  async get(scope: ProjectScope, name: string): Promise<MonitorSummary> {
    return this.summary(await this.require(scope, name));
  }

  async delete(caller: Caller, scope: ProjectScope, name: string) {
    const row = await this.require(scope, name);
    await this.tx.run(async (tx) => {
      await this.monitors.delete(tx, row.id);
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'monitoring.monitor-deleted',
        target: name,
      });
    });
    return { monitor: name, deleted: true };
  }

  /**
   * Window reports, newest first, with the realised performance of the labels received so far
   * and the estimated performance — calibrated on the reference window's labels once it has
   * enough of them.
   */
  async reports(scope: ProjectScope, name: string, limit: number): Promise<DriftReportSummary[]> {
    const monitor = await this.require(scope, name);
    const [rows, labelled, referenceSeq] = await Promise.all([
      this.monitors.reports(monitor.id, limit),
      monitor.performance ? this.monitors.labelled(monitor.id) : [],
      monitor.performance ? this.monitors.referenceWindowSeq(monitor.id) : null,
    ]);
    const threshold = (monitor.performance as { threshold?: number } | null)?.threshold ?? 0.5;
    const byWindow = new Map<number, { scores: number[]; labels: number[] }>();
    for (const s of labelled) {
      const w = byWindow.get(s.windowSeq) ?? { scores: [], labels: [] };
      w.scores.push(s.score!);
      w.labels.push(s.label!);
      byWindow.set(s.windowSeq, w);
    }
    // Calibration reads binary labels only (a label other than 0 or 1 is not a class).
    const reference = referenceSeq === null ? undefined : byWindow.get(referenceSeq);
    const binary = (reference?.labels ?? []).flatMap((l, i) => (l === 0 || l === 1 ? [i] : []));
    const calibration = referenceCalibration(
      binary.map((i) => reference!.scores[i]!),
      binary.map((i) => reference!.labels[i]!),
    );
    const estimates = new Map<number, { accuracy: number | null; rocAuc: number | null }>();
    if (calibration.method === 'isotonic') {
      const scores = new Map<number, number[]>();
      for (const s of await this.monitors.scores(
        monitor.id,
        rows.map((r) => r.windowSeq),
      )) {
        const list = scores.get(s.windowSeq) ?? [];
        list.push(s.score!);
        scores.set(s.windowSeq, list);
      }
      for (const [seq, list] of scores) {
        const probabilities = list.map((p) => calibrate(calibration.calibrator, p));
        estimates.set(seq, estimatedPerformance(list, threshold, probabilities));
      }
    }
    return rows.map((r) => {
      const w = byWindow.get(r.windowSeq);
      const estimated =
        calibration.method === 'isotonic'
          ? estimates.get(r.windowSeq)
          : (r.estimated as { accuracy: number | null; rocAuc: number | null } | null);
      return {
        windowSeq: r.windowSeq,
        startAt: r.startAt.toISOString(),
        endAt: r.endAt.toISOString(),
        count: r.count,
        status: r.status as DriftReportSummary['status'],
        datasetDrift: r.datasetDrift,
        driftShare: r.driftShare,
        features: r.features as FeatureDrift[],
        performance: monitor.performance
          ? {
              estimatedAccuracy: estimated?.accuracy ?? null,
              estimatedRocAuc: estimated?.rocAuc ?? null,
              calibration: calibration.method,
              calibrationLabels: calibration.labels,
              labelled: w?.labels.length ?? 0,
              accuracy: w ? accuracy(w.scores, w.labels, threshold) : null,
              rocAuc: w ? rocAuc(w.scores, w.labels) : null,
              logLoss: w ? logLoss(w.scores, w.labels) : null,
            }
          : null,
      };
    });
  }

  /** A feature's reference beside one window, binned alike (for the console's overlay). */
  async histogram(scope: ProjectScope, name: string, feature: string, windowSeq: number) {
    const monitor = await this.require(scope, name);
    const ref = (await this.monitors.references(null, monitor.id)).find(
      (r) => r.feature === feature,
    );
    if (!ref) {
      throw new AppError(
        'NOT_FOUND',
        `Monitor "${name}" has no reference for feature "${feature}" (yet)`,
        {
          fields: [{ path: 'feature', message: 'no reference for this feature' }],
        },
      );
    }
    const rows = await this.monitors.windowInputs(monitor.id, windowSeq);
    if (!rows.length) {
      throw new AppError('NOT_FOUND', `Monitor "${name}" has no window ${windowSeq}`, {
        fields: [{ path: 'windowSeq', message: 'no such window' }],
      });
    }
    const current = columnsOf(
      rows.map((r) => r.inputs as Record<string, unknown>),
      [feature],
    )[feature]!;
    const share = (counts: ArrayLike<number>, total: number) =>
      Array.from(counts, (c) => (total ? c / total : 0));
    if (ref.kind === 'numeric' && current instanceof Float64Array) {
      const reference = Float64Array.from(ref.numbers);
      const all = [...reference, ...current].filter((v) => Number.isFinite(v));
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      const bins = 20;
      const edges = Float64Array.from({ length: bins + 1 }, (_, i) =>
        hi === lo ? lo + i : lo + ((hi - lo) * i) / bins,
      );
      const finite = (a: Float64Array) => a.filter((v) => Number.isFinite(v)).length;
      return {
        feature,
        kind: 'numeric' as const,
        windowSeq,
        edges: Array.from(edges),
        categories: null,
        reference: share(histogramCounts(reference, edges), finite(reference)),
        current: share(histogramCounts(current, edges), finite(current)),
        referenceCount: finite(reference),
        currentCount: finite(current),
      };
    }
    const refValues = ((ref.strings as (string | null)[] | null) ?? ref.numbers.map(String)).filter(
      (v): v is string => v !== null,
    );
    const curValues = (
      current instanceof Float64Array ? Array.from(current, String) : [...current]
    ).filter((v): v is string => v !== null);
    const counts = new Map<string, number>();
    for (const v of [...refValues, ...curValues]) counts.set(v, (counts.get(v) ?? 0) + 1);
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([v]) => v);
    const index = new Map(top.map((v, i) => [v, i]));
    const tally = (values: string[]) => {
      const out = new Array<number>(top.length + 1).fill(0);
      for (const v of values) out[index.get(v) ?? top.length]!++;
      return out;
    };
    return {
      feature,
      kind: 'categorical' as const,
      windowSeq,
      edges: null,
      categories: [...top, 'other'],
      reference: share(tally(refValues), refValues.length),
      current: share(tally(curValues), curValues.length),
      referenceCount: refValues.length,
      currentCount: curValues.length,
    };
  }

  async alerts(scope: ProjectScope, name: string) {
    const monitor = await this.require(scope, name);
    return (await this.monitors.alerts(monitor.id)).map((a) => ({
      id: a.id,
      windowSeq: a.windowSeq,
      consecutive: a.consecutive,
      message: a.message,
      createdAt: a.createdAt.toISOString(),
    }));
  }

  private async require(scope: ProjectScope, name: string): Promise<MonitorRow> {
    const row = await this.monitors.find(scope.id, name);
    if (!row) throw monitorNotFound(name);
    return row;
  }

  private async summary(m: MonitorRow): Promise<MonitorSummary> {
    const [windows, open] = await this.monitors.windowStats(m.id);
    return {
      id: m.id,
      name: m.name,
      deployment: m.deployment,
      window: m.window as MonitorSummary['window'],
      features: (m.features as MonitorSummary['features']) ?? null,
      reference: m.reference as { kind: string },
      driftShare: m.driftShare,
      minSamples: m.minSamples,
      alertAfter: m.alertAfter,
      performance: (m.performance as MonitorSummary['performance']) ?? null,
      consecutiveDrifted: m.consecutiveDrifted,
      windows,
      openWindowCount: open?.count ?? 0,
      createdAt: m.createdAt.toISOString(),
    };
  }
}
