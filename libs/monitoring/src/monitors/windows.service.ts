import { Inject, Injectable, Optional } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import { type PredictionRecord, driftDetected } from '@sextant/contracts';
import { enqueueEvent } from '@sextant/bus';
import { type Database, type Prisma, Transactor, type Tx } from '@sextant/db';
import { computeDrift } from '../drift/compute-drift';
import { PluginHost } from '../plugins/plugin-host';
import { driftReportToJson } from '../drift/drift-json';
import { DriftTestRegistry } from '../drift/drift-test-registry';
import type { ComputeDriftInput, DriftColumnValues, DriftReport } from '../drift/drift.types';
import { type MonitorRow, MonitorsRepository, type SampleIn } from './monitors.repository';
import type { FeatureDrift, WindowSpec } from './monitors.types';
import { estimatedPerformance } from './performance';

type Inputs = Record<string, unknown>;

/** Columns of a window's samples: numbers (NaN = missing) when every value is a number, else strings. */
export function columnsOf(
  rows: readonly Inputs[],
  features: readonly string[],
): Record<string, DriftColumnValues> {
  const out: Record<string, DriftColumnValues> = {};
  for (const f of features) {
    const values = rows.map((r) => r[f]);
    if (values.every((v) => v === null || v === undefined || typeof v === 'number')) {
      out[f] = Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN));
    } else {
      out[f] = values.map((v) => (v === null || v === undefined ? null : String(v)));
    }
  }
  return out;
}

/**
 * Monitors' windows over the prediction log: predictions are appended to each monitor's open
 * tumbling window (by count, or by time of prediction); a full window is closed and reported —
 * the first one is pinned as the reference; later ones get a drift report per feature, the
 * dataset drift (share of drifted features ≥ the monitor's share), the estimated performance from
 * the scores; N consecutive drifted windows raise one alert and `monitoring.drift-detected`.
 * Runs inside the consumer's transaction: each event's effect happens once.
 */
@Injectable()
export class WindowsService {
  private readonly tx: Transactor;
  private readonly referenceColumns = new Map<string, Record<string, DriftColumnValues>>();

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly monitors: MonitorsRepository,
    private readonly registry: DriftTestRegistry,
    @Optional() private readonly plugins?: PluginHost,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** A report with every test where it runs (third-party plugins' in the worker pool). */
  private drift(input: ComputeDriftInput): Promise<DriftReport> {
    return this.plugins
      ? this.plugins.computeDrift(input)
      : Promise.resolve(computeDrift(input, this.registry));
  }

  /**
   * Closes the time windows whose time is up although no later prediction came to close them
   * (traffic stopped), `graceMs` after their end so that late log batches still land in them.
   */
  async closeExpiredWindows(now = Date.now(), graceMs = 5_000): Promise<void> {
    // Read outside any transaction: on the embedded database a transaction holds the only
    // connection, so a read beside it would wait for it.
    for (const w of await this.monitors.openTimeWindows()) {
      const window = w.monitor.window as WindowSpec;
      if (window.kind !== 'time') continue;
      const end = (w.seq + 1) * window.seconds * 1000;
      if (end + graceMs > now) continue;
      const slug = (await this.monitors.projectSlug(w.monitor.projectId)) ?? '';
      await this.tx.run((tx) => this.closeIfOpen(tx, slug, w.monitorId, w.monitor, w.seq, end), {
        timeout: 60_000,
      });
    }
  }

  async ingest(
    tx: Tx,
    batch: {
      project: string;
      projectId: string;
      deployment: string;
      predictions: readonly PredictionRecord[];
    },
  ): Promise<void> {
    const monitors = await this.monitors.lockOfDeployment(tx, batch.projectId, batch.deployment);
    if (!monitors.length) return;
    // Shadow answers are the challenger's: the monitor watches what was answered.
    const answered = batch.predictions
      .filter((p) => p.route !== 'shadow')
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const monitor of monitors) await this.ingestOne(tx, batch.project, monitor, answered);
  }

  private async ingestOne(
    tx: Tx,
    project: string,
    monitor: MonitorRow,
    predictions: readonly PredictionRecord[],
  ) {
    const window = monitor.window as WindowSpec;
    const output = (monitor.performance as { output?: string } | null)?.output;
    const sample = (p: PredictionRecord): SampleIn => {
      const score = output ? p.outputs[output] : undefined;
      return {
        predictionId: p.id,
        at: new Date(p.at),
        inputs: p.inputs as Inputs,
        score: typeof score === 'number' ? score : null,
      };
    };
    let open = await this.monitors.openWindow(tx, monitor.id);
    let i = 0;
    while (i < predictions.length) {
      const first = predictions[i]!;
      const at = new Date(first.at);
      if (window.kind === 'time') {
        const seq = Math.floor(at.getTime() / (window.seconds * 1000));
        if (open && seq > open.seq) {
          await this.close(
            tx,
            project,
            monitor,
            open.seq,
            new Date((open.seq + 1) * window.seconds * 1000),
          );
          open = null;
        }
        if (open && seq < open.seq) {
          i++; // late for a closed window: left out
          continue;
        }
        if (!open) {
          // No window open: one for this minute may have been closed already (by the closer, while
          // this batch was on its way) — its predictions are late and left out.
          const last = await this.monitors.lastWindow(tx, monitor.id);
          if (last && seq <= last.seq) {
            i++;
            continue;
          }
          await this.monitors.createWindow(
            tx,
            monitor.id,
            seq,
            new Date(seq * window.seconds * 1000),
          );
          open = {
            monitorId: monitor.id,
            seq,
            startAt: new Date(seq * window.seconds * 1000),
            endAt: null,
            count: 0,
            closed: false,
          };
        }
        let j = i;
        while (
          j < predictions.length &&
          Math.floor(new Date(predictions[j]!.at).getTime() / (window.seconds * 1000)) === seq
        )
          j++;
        const added = await this.monitors.addSamples(
          tx,
          monitor.id,
          seq,
          predictions.slice(i, j).map(sample),
        );
        open = { ...open, count: open.count + added };
        i = j;
      } else {
        if (!open) {
          const last = await this.monitors.lastWindow(tx, monitor.id);
          const seq = last ? last.seq + 1 : 0;
          await this.monitors.createWindow(tx, monitor.id, seq, at);
          open = { monitorId: monitor.id, seq, startAt: at, endAt: null, count: 0, closed: false };
        }
        const room = window.size - open.count;
        const chunk = predictions.slice(i, i + room);
        const added = await this.monitors.addSamples(tx, monitor.id, open.seq, chunk.map(sample));
        open = { ...open, count: open.count + added };
        i += chunk.length;
        if (open.count >= window.size) {
          await this.close(tx, project, monitor, open.seq, new Date(chunk[chunk.length - 1]!.at));
          open = null;
        }
      }
    }
  }

  /** Closes a time window whose time is up, unless a prediction closed it meanwhile. */
  private async closeIfOpen(
    tx: Tx,
    project: string,
    monitorId: string,
    where: { projectId: string; deployment: string },
    seq: number,
    end: number,
  ): Promise<void> {
    const [monitor] = (
      await this.monitors.lockOfDeployment(tx, where.projectId, where.deployment)
    ).filter((m) => m.id === monitorId);
    if (!monitor) return;
    const open = await this.monitors.openWindow(tx, monitor.id);
    if (!open || open.seq !== seq) return;
    await this.close(tx, project, monitor, seq, new Date(end));
  }

  /** Closes a window and writes its report (and the alert when the streak reaches N). */
  async close(
    tx: Tx,
    project: string,
    monitor: MonitorRow,
    seq: number,
    endAt: Date,
  ): Promise<void> {
    await this.monitors.closeWindow(tx, monitor.id, seq, endAt);
    await this.report(tx, project, monitor, seq, endAt, true);
  }

  /**
   * Runs the monitor's (new or changed) tests again over a closed window's stored samples and
   * replaces its report (backfill). The reference window stays; no alert is raised again.
   */
  async rereport(tx: Tx, project: string, monitor: MonitorRow, seq: number, endAt: Date) {
    await this.report(tx, project, monitor, seq, endAt, false);
  }

  private async report(
    tx: Tx,
    project: string,
    monitor: MonitorRow,
    seq: number,
    endAt: Date,
    live: boolean,
  ): Promise<void> {
    const rows = await this.monitors.samples(tx, monitor.id, seq);
    const startAt = rows[0]?.at ?? endAt;
    const configured =
      (monitor.features as { name: string; test?: string; params?: unknown }[] | null) ?? null;
    const deployment = await this.monitors.deploymentIn(tx, monitor.projectId, monitor.deployment);
    const features =
      configured?.map((f) => f.name) ??
      (deployment?.features as string[] | undefined) ??
      Object.keys((rows[0]?.inputs as Inputs) ?? {});
    const inputs = rows.map((r) => r.inputs as Inputs);
    const current = columnsOf(inputs, features);
    const references = await this.monitors.references(tx, monitor.id);
    const base = { monitorId: monitor.id, windowSeq: seq, startAt, endAt, count: rows.length };
    const scores = rows.map((r) => r.score).filter((s): s is number => typeof s === 'number');
    const threshold = (monitor.performance as { threshold?: number } | null)?.threshold ?? 0.5;
    const estimated =
      monitor.performance && scores.length ? estimatedPerformance(scores, threshold) : null;

    if (!live) await this.monitors.deleteReport(tx, monitor.id, seq);
    if (!references.length && rows.length >= monitor.minSamples) {
      // The first full window becomes the reference (its profile is built from these values).
      await this.monitors.saveReferences(
        tx,
        monitor.id,
        features.map((f) => {
          const v = current[f]!;
          return v instanceof Float64Array
            ? {
                feature: f,
                kind: 'numeric',
                numbers: Array.from(v),
                strings: null,
                count: v.length,
              }
            : { feature: f, kind: 'categorical', numbers: [], strings: [...v], count: v.length };
        }),
      );
      await this.monitors.saveReport(tx, {
        ...base,
        status: 'reference',
        datasetDrift: false,
        driftShare: 0,
        features: [],
        estimated: estimated ?? undefined,
      });
      return;
    }
    if (rows.length < monitor.minSamples) {
      await this.monitors.saveReport(tx, {
        ...base,
        status: 'insufficient',
        datasetDrift: false,
        driftShare: 0,
        features: [],
        estimated: estimated ?? undefined,
      });
      return;
    }
    // A pinned reference never changes: its columns are kept, so their profiles are built once.
    let reference = this.referenceColumns.get(monitor.id);
    if (!reference) {
      reference = {};
      for (const r of references) {
        reference[r.feature] =
          r.kind === 'numeric'
            ? Float64Array.from(r.numbers)
            : ((r.strings as (string | null)[]) ?? []);
      }
      this.referenceColumns.set(monitor.id, reference);
    }
    const tests = configured?.some((f) => f.test)
      ? Object.fromEntries(
          configured
            .filter((f) => f.test)
            .map((f) => [
              f.name,
              { test: f.test!, ...(f.params !== undefined ? { params: f.params } : {}) },
            ]),
        )
      : undefined;
    const report = driftReportToJson(
      await this.drift({
        reference: { columns: reference },
        current: { columns: current },
        columns: features.filter((f) => f in reference),
        ...(tests ? { tests } : {}),
        driftShare: monitor.driftShare,
      }),
    );
    const perFeature: FeatureDrift[] = report.columns.map((c) => {
      const t = c.tests[0];
      return {
        feature: c.column,
        kind: c.kind,
        test: t?.test ?? null,
        statistic: t ? t.statistic : null,
        ...(t?.pValue !== undefined ? { pValue: t.pValue } : {}),
        threshold: t?.threshold ?? null,
        drifted: c.drifted,
        ...(t?.error ? { error: t.error } : {}),
      };
    });
    await this.monitors.saveReport(tx, {
      ...base,
      status: 'ok',
      datasetDrift: report.datasetDrift,
      driftShare: report.driftedShare,
      features: perFeature as unknown as Prisma.InputJsonValue,
      estimated: estimated ?? undefined,
    });
    if (!live) return;
    const consecutive = report.datasetDrift ? monitor.consecutiveDrifted + 1 : 0;
    await this.monitors.setConsecutive(tx, monitor.id, consecutive);
    monitor.consecutiveDrifted = consecutive;
    if (consecutive === monitor.alertAfter) {
      const drifted = perFeature.filter((f) => f.drifted).map((f) => f.feature);
      const message = `${monitor.name}: ${consecutive} drifted windows in a row on ${monitor.deployment} (last: ${drifted.join(', ')} — ${(report.driftedShare * 100).toFixed(0)} % of features)`;
      await this.monitors.addAlert(tx, {
        monitorId: monitor.id,
        windowSeq: seq,
        consecutive,
        message,
      });
      await enqueueEvent(tx, driftDetected, {
        project,
        projectId: monitor.projectId,
        monitorId: monitor.id,
        monitor: monitor.name,
        deployment: monitor.deployment,
        windowSeq: seq,
        consecutive,
        driftedShare: report.driftedShare,
        driftedFeatures: drifted,
        at: endAt.toISOString(),
      });
    }
  }
}
