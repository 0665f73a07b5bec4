import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploymentChanged, predictionsLogged, predictionsLoggedV1 } from '@sextant/contracts';
import { eventually } from '@sextant/testing';
import { createMonitoringService } from '../src';
import { WindowsService } from '../src/monitors/windows.service';
import { type MonitoringHarness, startMonitoring } from './harness';

/**
 * Time windows, driven through the bus as serving would publish (events of the contracts, not a
 * running serving): predictions fall in tumbling windows by their time; a window closes when a
 * later prediction arrives — or, when traffic stops, once its time is up (the window closer).
 */
// plugins/example-drift, installed in a plugin folder as a user would (its built dist).
const EXAMPLE = path.resolve(__dirname, '../../../plugins/example-drift');

describe('monitors with time windows (one of them running a third-party plugin’s test)', () => {
  let h: MonitoringHarness;
  let plugins: string;
  const deploymentId = randomUUID();
  const t0 = Math.floor(Date.UTC(2026, 11, 1, 10, 0, 0) / 60_000) * 60_000; // a window boundary
  const head = (from: number, n: number, stepMs: number) => ({
    project: 'ml',
    projectId: '',
    deploymentId,
    deployment: 'scorer',
    model: 'scorer',
    from: new Date(from).toISOString(),
    to: new Date(from + (n - 1) * stepMs).toISOString(),
  });
  const x = (i: number, shift: number) => ((i * 7919) % 1000) / 1000 + shift;
  /** A message as serving publishes it (version 2: columns). */
  const batch = (from: number, n: number, stepMs: number, shift: number) => {
    const all = <T>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    return {
      ...head(from, n, stepMs),
      predictions: {
        count: n,
        id: all(() => randomUUID()),
        atMs: all((i) => from + i * stepMs),
        revision: all(() => 1),
        modelVersion: all(() => 1),
        route: all(() => 'champion' as const),
        inputs: { x: all((i) => x(i, shift)) },
        outputs: { score: all(() => 0.5) },
        decision: all(() => null),
        latencyMs: all(() => 1),
      },
    };
  };
  /** A message of version 1 (records), as serving published it before columns. */
  const batchV1 = (from: number, n: number, stepMs: number, shift: number) => ({
    ...head(from, n, stepMs),
    predictions: Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      at: new Date(from + i * stepMs).toISOString(),
      revision: 1,
      modelVersion: 1,
      route: 'champion' as const,
      inputs: { x: x(i, shift) },
      outputs: { score: 0.5 },
      decision: null,
      latencyMs: 1,
    })),
  });

  beforeAll(async () => {
    if (!existsSync(path.join(EXAMPLE, 'dist'))) {
      throw new Error('build the example plugin first: npm run build -w plugins/example-drift');
    }
    plugins = await mkdtemp(path.join(tmpdir(), 'sextant-plugins-'));
    await mkdir(plugins, { recursive: true });
    await symlink(EXAMPLE, path.join(plugins, 'example-drift'), 'dir');
    h = await startMonitoring({
      service: createMonitoringService({ plugins: { folders: [plugins] } }),
    });
    const project = (await h.running.platform.db.prisma.project.findUnique({
      where: { slug: 'ml' },
    }))!;
    await h.running.platform.bus.publish(deploymentChanged, [
      {
        project: 'ml',
        projectId: project.id,
        deploymentId,
        deployment: 'scorer',
        model: 'scorer',
        revision: 1,
        features: ['x'],
        outputs: ['score'],
        deleted: false,
        at: new Date().toISOString(),
      },
    ]);
    await eventually(
      () =>
        h.monitoring.monitors.create
          .mutate({
            project: 'ml',
            name: 'per-minute',
            deployment: 'scorer',
            window: { kind: 'time', seconds: 60 },
            minSamples: 10,
            alertAfter: 1,
          })
          .then(
            () => true,
            () => false,
          ),
      'the deployment reaching monitoring',
    );
    await h.monitoring.monitors.create.mutate({
      project: 'ml',
      name: 'mean-shift',
      deployment: 'scorer',
      window: { kind: 'time', seconds: 60 },
      minSamples: 10,
      features: [{ name: 'x', test: 'mean_shift' }],
    });
    const send = async (from: number, n: number, stepMs: number, shift: number) =>
      h.running.platform.bus.publish(predictionsLogged, [
        { ...batch(from, n, stepMs, shift), projectId: project.id },
      ]);
    await send(t0, 100, 500, 0); // minute 0: the reference
    await send(t0 + 60_000, 100, 500, 0); // minute 1: like it
    await send(t0 + 120_000, 100, 500, 0.5); // minute 2: shifted (no later prediction closes it)
  });
  afterAll(async () => {
    await h?.close();
    await rm(plugins, { recursive: true, force: true });
  });

  it('closes each minute when the next begins, and the last one when its time is up', async () => {
    const reports = () =>
      h.monitoring.monitors.reports.query({ project: 'ml', monitor: 'per-minute' });
    await eventually(async () => (await reports()).length === 2, 'minutes 0 and 1 reported');
    expect((await reports()).map((r) => [r.windowSeq, r.status, r.datasetDrift])).toEqual([
      [Math.floor((t0 + 60_000) / 60_000), 'ok', false],
      [Math.floor(t0 / 60_000), 'reference', false],
    ]);
    // Traffic stopped: the closer reports minute 2 once its end (plus the grace) has passed.
    await h.running.app.get(WindowsService).closeExpiredWindows(t0 + 3 * 60_000 + 10_000);
    const [last] = await reports();
    expect(last).toMatchObject({
      windowSeq: Math.floor((t0 + 120_000) / 60_000),
      status: 'ok',
      datasetDrift: true,
      count: 100,
    });
    expect(new Date(last!.endAt).getTime()).toBe(t0 + 3 * 60_000);
    const alerts = await h.monitoring.monitors.alerts.query({
      project: 'ml',
      monitor: 'per-minute',
    });
    expect(alerts).toHaveLength(1);

    // Predictions of minute 2 arriving after the closer shut it (a lagging consumer): left out,
    // nothing fails, nothing is dead-lettered.
    const project = (await h.running.platform.db.prisma.project.findUnique({
      where: { slug: 'ml' },
    }))!;
    // (A message of version 1, as published before columns: read alike.)
    const late = { ...batchV1(t0 + 150_000, 10, 500, 0.5), projectId: project.id };
    await h.running.platform.bus.publish(predictionsLoggedV1, [late]);
    // Then minute 3 (the same partition, so after it): once it is open, the late batch was handled.
    const next = { ...batch(t0 + 180_000, 7, 500, 0), projectId: project.id };
    await h.running.platform.bus.publish(predictionsLogged, [next]);
    const monitor = () => h.monitoring.monitors.get.query({ project: 'ml', monitor: 'per-minute' });
    await eventually(async () => (await monitor()).openWindowCount === 7, 'minute 3 opened');
    const [again] = await reports();
    expect(again).toMatchObject({ windowSeq: last!.windowSeq, count: 100 });
    const dead = await h.platform.deadLetters.list.query({ group: 'monitoring.predictions' });
    expect(dead.items).toHaveLength(0);
  });

  it('runs the plugin’s test (in the worker pool) in a monitor', async () => {
    await eventually(
      async () =>
        (await h.monitoring.monitors.reports.query({ project: 'ml', monitor: 'mean-shift' }))
          .length === 3,
      'the plugin monitor’s three windows',
    );
    const reports = await h.monitoring.monitors.reports.query({
      project: 'ml',
      monitor: 'mean-shift',
    });
    expect(reports.map((r) => [r.status, r.features.map((f) => [f.test, f.drifted])])).toEqual([
      ['ok', [['mean_shift', true]]],
      ['ok', [['mean_shift', false]]],
      ['reference', []],
    ]);
    const listed = await h.monitoring.plugins.list.query({ project: 'ml' });
    expect(listed.plugins.find((p) => p.name === '@sextant/plugin-example-drift')).toMatchObject({
      status: 'loaded',
      isolation: 'worker-pool',
    });
  });
});
