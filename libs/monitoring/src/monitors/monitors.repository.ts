import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface MonitorRow {
  id: string;
  projectId: string;
  name: string;
  deployment: string;
  reference: Prisma.JsonValue;
  window: Prisma.JsonValue;
  features: Prisma.JsonValue;
  driftShare: number;
  minSamples: number;
  alertAfter: number;
  performance: Prisma.JsonValue;
  consecutiveDrifted: number;
  createdAt: Date;
}

export interface SampleIn {
  predictionId: string;
  at: Date;
  inputs: Record<string, unknown>;
  score: number | null;
}

/** monitoring.monitors and their windows, samples, references, reports and alerts. */
@Injectable()
export class MonitorsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  find(projectId: string, name: string): Promise<MonitorRow | null> {
    return this.db.prisma.monitor.findUnique({ where: { projectId_name: { projectId, name } } });
  }

  list(projectId: string): Promise<MonitorRow[]> {
    return this.db.prisma.monitor.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
  }

  /** The monitors of a deployment, locked for the transaction (one window update at a time). */
  async lockOfDeployment(tx: Tx, projectId: string, deployment: string): Promise<MonitorRow[]> {
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM monitoring.monitors
      WHERE project_id = ${projectId}::uuid AND deployment = ${deployment}
      ORDER BY id FOR UPDATE`;
    if (!ids.length) return [];
    return tx.monitor.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      orderBy: { id: 'asc' },
    });
  }

  create(tx: Tx, data: Prisma.MonitorUncheckedCreateInput): Promise<MonitorRow> {
    return tx.monitor.create({ data });
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.monitor.delete({ where: { id } });
  }

  async setConsecutive(tx: Tx, id: string, consecutive: number): Promise<void> {
    await tx.monitor.update({
      where: { id },
      data: { consecutiveDrifted: consecutive, updatedAt: new Date() },
    });
  }

  deploymentIn(tx: Tx, projectId: string, name: string) {
    return tx.monitoredDeployment.findUnique({ where: { projectId_name: { projectId, name } } });
  }

  deployment(projectId: string, name: string) {
    return this.db.prisma.monitoredDeployment.findUnique({
      where: { projectId_name: { projectId, name } },
    });
  }

  async upsertDeployment(
    tx: Tx,
    d: {
      deploymentId: string;
      projectId: string;
      name: string;
      model: string;
      revision: number;
      features: string[];
      outputs: string[];
      updatedAt: Date;
    },
  ): Promise<void> {
    const existing = await tx.monitoredDeployment.findUnique({
      where: { deploymentId: d.deploymentId },
    });
    if (existing && existing.updatedAt > d.updatedAt) return;
    // A deployment deleted and created again under its name has a new id, and its events travel
    // by id, so they may come in either order: the newer of the two holds the name.
    const namesake = await tx.monitoredDeployment.findUnique({
      where: { projectId_name: { projectId: d.projectId, name: d.name } },
    });
    if (namesake && namesake.deploymentId !== d.deploymentId) {
      if (namesake.updatedAt > d.updatedAt) return;
      await tx.monitoredDeployment.delete({ where: { deploymentId: namesake.deploymentId } });
    }
    await tx.monitoredDeployment.upsert({
      where: { deploymentId: d.deploymentId },
      create: d,
      update: d,
    });
  }

  async deleteDeployment(tx: Tx, deploymentId: string): Promise<void> {
    await tx.monitoredDeployment.deleteMany({ where: { deploymentId } });
  }

  /** Open windows of time-windowed monitors (the closer checks whether their time is up). */
  /** The project's slug (the platform's projects table; slugs do not change). */
  async projectSlug(projectId: string): Promise<string | null> {
    const p = await this.db.prisma.project.findUnique({
      where: { id: projectId },
      select: { slug: true },
    });
    return p?.slug ?? null;
  }

  openTimeWindows() {
    return this.db.prisma.monitorWindow.findMany({
      where: { closed: false, monitor: { window: { path: ['kind'], equals: 'time' } } },
      select: {
        monitorId: true,
        seq: true,
        monitor: { select: { projectId: true, deployment: true, window: true } },
      },
    });
  }

  openWindow(tx: Tx, monitorId: string) {
    return tx.monitorWindow.findFirst({
      where: { monitorId, closed: false },
      orderBy: { seq: 'desc' },
    });
  }

  lastWindow(tx: Tx, monitorId: string) {
    return tx.monitorWindow.findFirst({ where: { monitorId }, orderBy: { seq: 'desc' } });
  }

  async createWindow(tx: Tx, monitorId: string, seq: number, startAt: Date): Promise<void> {
    await tx.monitorWindow.create({ data: { monitorId, seq, startAt } });
  }

  /** Adds samples to a window (a prediction already seen is skipped); returns how many were new. */
  async addSamples(
    tx: Tx,
    monitorId: string,
    seq: number,
    samples: readonly SampleIn[],
  ): Promise<number> {
    if (!samples.length) return 0;
    const { count } = await tx.monitorSample.createMany({
      data: samples.map((s) => ({
        monitorId,
        windowSeq: seq,
        predictionId: s.predictionId,
        at: s.at,
        inputs: s.inputs as Prisma.InputJsonValue,
        score: s.score,
      })),
      skipDuplicates: true,
    });
    if (count) {
      await tx.monitorWindow.update({
        where: { monitorId_seq: { monitorId, seq } },
        data: { count: { increment: count } },
      });
    }
    return count;
  }

  async closeWindow(tx: Tx, monitorId: string, seq: number, endAt: Date): Promise<void> {
    await tx.monitorWindow.update({
      where: { monitorId_seq: { monitorId, seq } },
      data: { closed: true, endAt },
    });
  }

  samples(tx: Tx, monitorId: string, seq: number) {
    return tx.monitorSample.findMany({
      where: { monitorId, windowSeq: seq },
      select: { inputs: true, score: true, label: true, at: true },
      orderBy: { id: 'asc' },
    });
  }

  /** The inputs of a window's samples (reads outside any transaction). */
  windowInputs(monitorId: string, seq: number) {
    return this.db.prisma.monitorSample.findMany({
      where: { monitorId, windowSeq: seq },
      select: { inputs: true },
      orderBy: { id: 'asc' },
    });
  }

  references(tx: Tx | null, monitorId: string) {
    return (tx ?? this.db.prisma).monitorReference.findMany({ where: { monitorId } });
  }

  async saveReferences(
    tx: Tx,
    monitorId: string,
    refs: {
      feature: string;
      kind: string;
      numbers: number[];
      strings: (string | null)[] | null;
      count: number;
    }[],
  ): Promise<void> {
    await tx.monitorReference.createMany({
      data: refs.map((r) => ({
        monitorId,
        feature: r.feature,
        kind: r.kind,
        numbers: r.numbers,
        strings: r.strings ?? undefined,
        count: r.count,
      })),
      skipDuplicates: true,
    });
  }

  async saveReport(tx: Tx, data: Prisma.DriftReportUncheckedCreateInput): Promise<void> {
    await tx.driftReport.create({ data });
  }

  async deleteReport(tx: Tx, monitorId: string, seq: number): Promise<void> {
    await tx.driftReport.deleteMany({ where: { monitorId, windowSeq: seq } });
  }

  /** Closed windows whose report is not the reference (what a backfill runs over). */
  reportedWindows(tx: Tx, monitorId: string) {
    return tx.driftReport.findMany({
      where: { monitorId, status: { not: 'reference' } },
      select: { windowSeq: true, endAt: true },
      orderBy: { windowSeq: 'asc' },
    });
  }

  async setFeatures(tx: Tx, id: string, features: Prisma.InputJsonValue): Promise<MonitorRow> {
    return tx.monitor.update({ where: { id }, data: { features, updatedAt: new Date() } });
  }

  reports(monitorId: string, limit: number) {
    return this.db.prisma.driftReport.findMany({
      where: { monitorId },
      orderBy: { windowSeq: 'desc' },
      take: limit,
    });
  }

  /** The window pinned as the monitor's reference, if one is. */
  async referenceWindowSeq(monitorId: string): Promise<number | null> {
    const row = await this.db.prisma.driftReport.findFirst({
      where: { monitorId, status: 'reference' },
      select: { windowSeq: true },
    });
    return row?.windowSeq ?? null;
  }

  /** The scores of some windows' samples (for estimated performance). */
  scores(monitorId: string, seqs: readonly number[]) {
    return this.db.prisma.monitorSample.findMany({
      where: { monitorId, windowSeq: { in: [...seqs] }, score: { not: null } },
      select: { windowSeq: true, score: true },
    });
  }

  async addAlert(
    tx: Tx,
    data: { monitorId: string; windowSeq: number; consecutive: number; message: string },
  ) {
    return tx.monitorAlert.create({ data });
  }

  alerts(monitorId: string) {
    return this.db.prisma.monitorAlert.findMany({
      where: { monitorId },
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
  }

  windowStats(monitorId: string) {
    return Promise.all([
      this.db.prisma.driftReport.count({ where: { monitorId } }),
      this.db.prisma.monitorWindow.findFirst({
        where: { monitorId, closed: false },
        select: { count: true },
      }),
    ]);
  }

  /**
   * Labels for predictions of a deployment, in every monitor of that deployment: one statement
   * for the whole batch (the last label of a prediction wins). Answers the samples labelled.
   */
  async label(
    tx: Tx,
    where: { projectId: string; deployment: string },
    labels: readonly { predictionId: string; label: number; at: Date }[],
  ): Promise<number> {
    if (!labels.length) return 0;
    const monitors = await tx.monitor.findMany({
      where: { projectId: where.projectId, deployment: where.deployment },
      select: { id: true },
    });
    if (!monitors.length) return 0;
    const last = new Map(labels.map((l) => [l.predictionId, l]));
    const rows = [...last.values()];
    return tx.$executeRaw`
      UPDATE monitoring.monitor_samples AS s
         SET label = v.label, labelled_at = v.at
        FROM unnest(
               ${rows.map((r) => r.predictionId)}::text[],
               ${rows.map((r) => r.label)}::float8[],
               ${rows.map((r) => r.at)}::timestamptz[]
             ) AS v(prediction_id, label, at)
       WHERE s.prediction_id = v.prediction_id
         AND s.monitor_id = ANY(${monitors.map((m) => m.id)}::uuid[])`;
  }

  /** Scores and labels of each window of a monitor (for realised performance). */
  labelled(monitorId: string) {
    return this.db.prisma.monitorSample.findMany({
      where: { monitorId, label: { not: null }, score: { not: null } },
      select: { windowSeq: true, score: true, label: true },
      // In arrival order: the calibration's folds (row i in fold i mod 5) stay the same per read.
      orderBy: { id: 'asc' },
    });
  }
}
