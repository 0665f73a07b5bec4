import { driftDetected, predictionsLogged } from '@sextant/contracts';
import { eventually as until, kafkaBrokers, uniqueName } from '@sextant/testing';
import {
  type CreditModel,
  type Loan,
  deployCreditRisk,
  eventually,
  registerCreditVersion,
} from './seed/credit-risk';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const MODEL: CreditModel = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };

/** mulberry32: seeded uniforms; Box–Muller normals. */
function normals(seed: number): () => number {
  let a = seed | 0;
  const u = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Monitoring live over real Kafka: a deployment's predictions, whose inputs shift mid-stream,
 * fill a monitor's windows; the shifted windows drift, and after N consecutive ones there is one
 * alert and one `monitoring.drift-detected`. A malformed prediction message goes to the dead
 * letters and the monitor goes on.
 */
describe('monitoring live: windows of the prediction log, drift, alerts over Kafka', () => {
  let p: TrackingPlatform;
  const n = normals(7);
  const applicant = (shift: boolean): Loan => ({
    income: (shift ? 95000 : 55000) + 15000 * n(),
    debt: (shift ? 38000 : 20000) + 8000 * n(),
    age: 40 + 10 * n(),
    history_score: Math.min(1, Math.max(0, 0.6 + 0.15 * n())),
  });
  const predict = async (records: Loan[]) => {
    const res = await fetch(`${p.url}/v1/models/credit-risk:predict?project=ml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
      body: JSON.stringify(records),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string; default_probability: number }[];
  };
  const monitoring = () => p.admin.monitoring.monitors;
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => ({ status: 200, message: '' }),
      (e: { data?: { httpStatus?: number }; message: string }) => ({
        status: e.data?.httpStatus ?? 0,
        message: e.message,
      }),
    );

  beforeAll(async () => {
    p = await startTrackingPlatform('ml', { kafkaBrokers: kafkaBrokers() });
    const connection = { url: p.url, apiKey: p.key };
    const base = { project: 'ml', model: 'credit-risk' };
    await registerCreditVersion(connection, {
      ...base,
      run: 'v1',
      credit: MODEL,
      alias: 'champion',
    });
    await deployCreditRisk(p.admin, { ...base, name: 'credit-risk' });
    await eventually(() =>
      monitoring().create.mutate({
        project: 'ml',
        name: 'credit-drift',
        deployment: 'credit-risk',
        window: { kind: 'count', size: 200 },
        minSamples: 50,
        alertAfter: 2,
        performance: { output: 'default_probability' },
      }),
    );
  }, 90_000);
  afterAll(() => p?.close());

  it('refuses a monitor on a feature the model lacks, an unknown test, params its schema refuses', async () => {
    const base = {
      project: 'ml',
      deployment: 'credit-risk',
      window: { kind: 'count' as const, size: 100 },
    };
    const feature = await outcome(
      monitoring().create.mutate({ ...base, name: 'm1', features: [{ name: 'salary' }] }),
    );
    expect(feature.status).toBe(400);
    expect(feature.message).toContain('features.0.name: the deployment has no feature "salary"');
    const test = await outcome(
      monitoring().create.mutate({
        ...base,
        name: 'm2',
        features: [{ name: 'income', test: 'nope' }],
      }),
    );
    expect(test.status).toBe(400);
    expect(test.message).toContain('unknown drift test "nope"');
    const params = await outcome(
      monitoring().create.mutate({
        ...base,
        name: 'm3',
        features: [{ name: 'income', test: 'psi', params: { bins: 'ten' } }],
      }),
    );
    expect(params.status).toBe(400);
    expect(params.message).toMatch(/features\.0\.params/);
    const deployment = await outcome(
      monitoring().create.mutate({ ...base, name: 'm4', deployment: 'nope' }),
    );
    expect(deployment.status).toBe(404);
  });

  it('drifted windows after the shift, one alert after 2 in a row, and monitoring.drift-detected', async () => {
    const detected: unknown[] = [];
    const consumer = await p.running.platform.bus.consume({
      group: uniqueName('test-drift'),
      events: [driftDetected],
      fromBeginning: true,
      handler: async (envelope) => {
        detected.push(envelope.payload);
      },
    });
    try {
      // A malformed message on the predictions topic: dead-lettered, and the monitor goes on.
      await p.running.platform.bus.transport.publish(predictionsLogged.topic, [
        { key: 'x', value: '{"not": "an envelope"}' },
      ]);
      const ids: string[] = [];
      for (const shift of [false, false, true, true, true]) {
        for (let i = 0; i < 2; i++) {
          const answers = await predict(Array.from({ length: 100 }, () => applicant(shift)));
          ids.push(...answers.map((a) => a.id));
        }
      }
      await until(
        async () => {
          const reports = await monitoring().reports.query({
            project: 'ml',
            monitor: 'credit-drift',
          });
          return reports.length >= 5;
        },
        '5 window reports',
        30_000,
      );
      const reports = (
        await monitoring().reports.query({ project: 'ml', monitor: 'credit-drift' })
      ).reverse();
      expect(reports.map((r) => [r.windowSeq, r.status, r.datasetDrift])).toEqual([
        [0, 'reference', false],
        [1, 'ok', false],
        [2, 'ok', true],
        [3, 'ok', true],
        [4, 'ok', true],
      ]);
      const shifted = reports[2]!.features;
      expect(shifted.find((f) => f.feature === 'income')).toMatchObject({
        drifted: true,
        test: 'ks',
      });
      expect(shifted.find((f) => f.feature === 'age')).toMatchObject({ drifted: false });
      expect(reports[1]!.performance?.estimatedAccuracy).toBeGreaterThan(0.5);
      await until(() => detected.length >= 1, 'drift-detected', 20_000);
      const alerts = await monitoring().alerts.query({ project: 'ml', monitor: 'credit-drift' });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ windowSeq: 3, consecutive: 2 });
      expect(detected).toEqual([
        expect.objectContaining({
          monitor: 'credit-drift',
          deployment: 'credit-risk',
          windowSeq: 3,
          consecutive: 2,
        }),
      ]);
      expect((detected[0] as { driftedFeatures: string[] }).driftedFeatures).toEqual(
        expect.arrayContaining(['income', 'debt']),
      );
      const dead = await p.admin.platform.deadLetters.list.query({
        group: 'monitoring.predictions',
      });
      expect(dead.items.length).toBeGreaterThanOrEqual(1);
    } finally {
      await consumer.stop();
    }
  }, 90_000);

  it('shows a feature’s reference beside a window, and backfills a changed test over past windows', async () => {
    const h = await monitoring().histogram.query({
      project: 'ml',
      monitor: 'credit-drift',
      feature: 'income',
      windowSeq: 2,
    });
    expect(h).toMatchObject({ kind: 'numeric', referenceCount: 200, currentCount: 200 });
    expect(h.edges).toHaveLength(21);
    const centre = (shares: number[]) =>
      shares.reduce((a, w, i) => a + w * ((h.edges![i]! + h.edges![i + 1]!) / 2), 0);
    expect(h.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(centre(h.current) - centre(h.reference)).toBeGreaterThan(25_000); // the shift was +40,000
    const missing = await outcome(
      monitoring().histogram.query({
        project: 'ml',
        monitor: 'credit-drift',
        feature: 'income',
        windowSeq: 99,
      }),
    );
    expect(missing.status).toBe(404);

    const reports = (
      await monitoring().backfill.mutate({
        project: 'ml',
        monitor: 'credit-drift',
        features: [{ name: 'income', test: 'psi' }],
      })
    ).reverse();
    expect(
      reports.map((r) => [
        r.windowSeq,
        r.status,
        r.features.map((f) => `${f.feature}:${f.test}`).join(),
      ]),
    ).toEqual([
      [0, 'reference', ''],
      [1, 'ok', 'income:psi'],
      [2, 'ok', 'income:psi'],
      [3, 'ok', 'income:psi'],
      [4, 'ok', 'income:psi'],
    ]);
    expect(reports.slice(2).every((r) => r.datasetDrift)).toBe(true);
    expect(reports[1]!.datasetDrift).toBe(false);
    const bad = await outcome(
      monitoring().backfill.mutate({
        project: 'ml',
        monitor: 'credit-drift',
        features: [{ name: 'income', test: 'nope' }],
      }),
    );
    expect(bad.status).toBe(400);
  }, 60_000);
});
