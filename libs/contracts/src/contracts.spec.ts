import * as contracts from './index';
import { predictionRecordsOf, predictionsLogged, predictionsLoggedV1 } from './index';

describe('the cross-domain event contracts', () => {
  const events = (Object.values(contracts) as unknown[]).filter(
    (v): v is { name: string; topic: string; version: number } =>
      typeof v === 'object' && v !== null && 'topic' in v,
  );

  it('name each topic as sextant.<domain>.<event>, one contract per version', () => {
    expect(events.length).toBeGreaterThanOrEqual(8);
    const versions = events.map((e) => `${e.topic} v${e.version}`);
    expect(new Set(versions).size).toBe(versions.length);
    for (const e of events) {
      expect(e.topic).toBe(`sextant.${e.name}`);
      expect(e.name).toMatch(/^(tracking|serving|pipelines|monitoring)\.[a-z-]+$/);
    }
    // Versions of one event share its topic (a consumer reads old messages beside new ones).
    expect(predictionsLoggedV1.topic).toBe(predictionsLogged.topic);
  });
});

describe('serving.predictions v2: the prediction log as columns', () => {
  const head = {
    project: 'ml',
    projectId: '6f1c3b8e-2d4a-4f0e-9a7b-1c2d3e4f5a6b',
    deploymentId: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    deployment: 'credit-risk',
    model: 'credit-risk',
    from: '2026-12-03T10:00:00.000Z',
    to: '2026-12-03T10:00:00.250Z',
  };
  const columns = {
    count: 2,
    id: ['p-1', 'p-2'],
    atMs: [Date.parse('2026-12-03T10:00:00.000Z'), Date.parse('2026-12-03T10:00:00.250Z')],
    revision: [3, 3],
    modelVersion: [1, 2],
    route: ['champion', 'challenger'],
    inputs: { income: [52000, 61000], debt: [18000, null] },
    outputs: { default_probability: [0.2381, 0.4102] },
    decision: ['approve', 'decline'],
    latencyMs: [0.4, 0.5],
  };

  it('accepts columns of one length and reads them back as records, in order', () => {
    const payload = predictionsLogged.schema.parse({ ...head, predictions: columns });
    expect(predictionRecordsOf(payload)).toEqual([
      {
        id: 'p-1',
        at: '2026-12-03T10:00:00.000Z',
        revision: 3,
        modelVersion: 1,
        route: 'champion',
        inputs: { income: 52000, debt: 18000 },
        outputs: { default_probability: 0.2381 },
        decision: 'approve',
        latencyMs: 0.4,
      },
      {
        id: 'p-2',
        at: '2026-12-03T10:00:00.250Z',
        revision: 3,
        modelVersion: 2,
        route: 'challenger',
        inputs: { income: 61000, debt: null },
        outputs: { default_probability: 0.4102 },
        decision: 'decline',
        latencyMs: 0.5,
      },
    ]);
  });

  it('refuses a column whose length is not the count, naming it', () => {
    const bad = { ...columns, inputs: { ...columns.inputs, income: [52000] } };
    const result = predictionsLogged.schema.safeParse({ ...head, predictions: bad });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        path: ['predictions', 'inputs', 'income'],
        message: 'expected 2 elements, got 1',
      }),
    ]);
    const short = predictionsLogged.schema.safeParse({
      ...head,
      predictions: { ...columns, latencyMs: [0.4] },
    });
    expect(short.error!.issues.map((i) => i.path)).toEqual([['predictions', 'latencyMs']]);
  });

  it('reads version 1 (records) as they are', () => {
    const records = predictionRecordsOf(
      predictionsLogged.schema.parse({ ...head, predictions: columns }),
    );
    const v1 = predictionsLoggedV1.schema.parse({ ...head, predictions: records });
    expect(predictionRecordsOf(v1)).toEqual(records);
  });
});
