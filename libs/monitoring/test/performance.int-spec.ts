import { randomUUID } from 'node:crypto';
import { deploymentChanged, labelReceived, predictionsLoggedV1 } from '@sextant/contracts';
import { mulberry32 } from '@sextant/stats';
import { eventually } from '@sextant/testing';
import { type MonitoringHarness, startMonitoring } from './harness';

/**
 * Estimated performance (CBPE) before labels, then calibrated on the reference window's labels:
 * an overconfident model (labels follow sigmoid(z), it answers sigmoid(1.8·z)) is estimated too
 * high until the reference is labelled; then the estimate of an unlabelled window lands near
 * what its labels, sent afterwards, realise.
 */
describe('estimated performance calibrated on the labelled reference', () => {
  let h: MonitoringHarness;
  let projectId: string;
  const deploymentId = randomUUID();
  const SIZE = 1000;
  const u = mulberry32(42);
  const windows = Array.from({ length: 2 }, (_, w) =>
    Array.from({ length: SIZE }, (_, i) => {
      const z = 2 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      return {
        id: randomUUID(),
        at: new Date(Date.UTC(2026, 11, 2, 9, 0, 0) + (w * SIZE + i) * 100).toISOString(),
        label: u() < 1 / (1 + Math.exp(-z)) ? 1 : 0,
        score: 1 / (1 + Math.exp(-1.8 * z)),
        x: z,
      };
    }),
  );
  /** Serving's announcement of the deployment `scorer` (one revision, or its deletion). */
  const deploymentEvent = (
    over: { deploymentId?: string; features?: string[]; deleted?: boolean; at?: string } = {},
  ) => ({
    project: 'ml',
    projectId,
    deploymentId: over.deploymentId ?? deploymentId,
    deployment: 'scorer',
    model: 'scorer',
    revision: 1,
    features: over.features ?? ['x'],
    outputs: ['score'],
    deleted: over.deleted ?? false,
    at: over.at ?? new Date().toISOString(),
  });
  const reports = () => h.monitoring.monitors.reports.query({ project: 'ml', monitor: 'scores' });
  const sendLabels = (rows: (typeof windows)[number]) =>
    h.running.platform.bus.publish(labelReceived, [
      {
        project: 'ml',
        projectId,
        deploymentId,
        deployment: 'scorer',
        labels: rows.map((r) => ({ predictionId: r.id, label: r.label, at: r.at })),
      },
    ]);

  beforeAll(async () => {
    h = await startMonitoring();
    projectId = (await h.running.platform.db.prisma.project.findUnique({ where: { slug: 'ml' } }))!
      .id;
    await h.running.platform.bus.publish(deploymentChanged, [deploymentEvent()]);
    await eventually(
      () =>
        h.monitoring.monitors.create
          .mutate({
            project: 'ml',
            name: 'scores',
            deployment: 'scorer',
            window: { kind: 'count', size: SIZE },
            minSamples: 100,
            performance: { output: 'score' },
          })
          .then(
            () => true,
            () => false,
          ),
      'the deployment reaching monitoring',
    );
    // Version 1 (records) of the log, as published before columns: monitoring reads both.
    await h.running.platform.bus.publish(
      predictionsLoggedV1,
      windows.map((rows) => ({
        project: 'ml',
        projectId,
        deploymentId,
        deployment: 'scorer',
        model: 'scorer',
        from: rows[0]!.at,
        to: rows.at(-1)!.at,
        predictions: rows.map((r) => ({
          id: r.id,
          at: r.at,
          revision: 1,
          modelVersion: 1,
          route: 'champion' as const,
          inputs: { x: r.x },
          outputs: { score: r.score },
          decision: null,
          latencyMs: 1,
        })),
      })),
    );
    await eventually(async () => (await reports()).length === 2, 'both windows reported');
  });
  afterAll(() => h?.close());

  it('estimates from the raw scores until the reference is labelled, then calibrates on it', async () => {
    const realised = windows[1]!.filter((r) => (r.score >= 0.5 ? 1 : 0) === r.label).length / SIZE;
    const before = (await reports())[0]!.performance!;
    expect(before).toMatchObject({ calibration: 'too-few-labels', calibrationLabels: 0 });
    // Overconfident scores, read as they are: the estimate is well above what labels realise.
    expect(before.estimatedAccuracy! - realised).toBeGreaterThan(0.04);

    await sendLabels(windows[0]!);
    await eventually(
      async () => (await reports())[1]!.performance!.labelled === SIZE,
      'the reference labelled',
    );
    const after = (await reports())[0]!.performance!;
    expect(after).toMatchObject({ calibration: 'isotonic', calibrationLabels: SIZE, labelled: 0 });
    expect(Math.abs(after.estimatedAccuracy! - realised)).toBeLessThan(0.03);

    // The window's own labels, sent later, realise what was estimated.
    await sendLabels(windows[1]!);
    await eventually(
      async () => (await reports())[0]!.performance!.labelled === SIZE,
      'window 1 labelled',
    );
    expect((await reports())[0]!.performance!.accuracy).toBeCloseTo(realised, 12);
  });

  it('keeps a deployment deleted and created again under its name, whatever order the events come in', async () => {
    // The new deployment's event first, the old one's deletion after (they travel by id).
    const later = new Date(Date.now() + 60_000).toISOString();
    await h.running.platform.bus.publish(deploymentChanged, [
      deploymentEvent({ deploymentId: randomUUID(), features: ['x', 'y'], at: later }),
      deploymentEvent({ deleted: true }),
    ]);
    const create = () =>
      h.monitoring.monitors.create.mutate({
        project: 'ml',
        name: 'on-y',
        deployment: 'scorer',
        window: { kind: 'count', size: 100 },
        features: [{ name: 'y' }],
      });
    await eventually(
      () =>
        create().then(
          () => true,
          () => false,
        ),
      'the new deployment (with y) known to monitoring',
    );
    expect(
      (await h.monitoring.monitors.get.query({ project: 'ml', monitor: 'on-y' })).deployment,
    ).toBe('scorer');
  });
});
