import type { PayloadOf } from '@sextant/bus';
import {
  type PredictionRecord,
  labelReceived,
  predictionRecordsOf,
  predictionsLogged,
} from '@sextant/contracts';
import { setAlias } from '@sextant/client/training';
import { kafkaBrokers, uniqueName } from '@sextant/testing';
import {
  APPLICANT,
  type CreditModel,
  type Loan,
  deployCreditRisk,
  eventually,
  pDefault,
  registerCreditVersion,
} from './seed/credit-risk';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const V1: CreditModel = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };
const V2: CreditModel = { w: [-0.00002, 0.0001, -0.02, -1.5], b: 0.2 };
const rounded = (m: CreditModel, r: Loan) => Number(pDefault(m, r).toFixed(4));

interface Answer {
  status: number;
  version: string | null;
  body: { id?: string; default_probability?: number; decision?: string; error?: string };
  record: Loan;
}

/**
 * Serving over real Kafka: an alias moves while a load generator sends requests (no request
 * fails, every answer comes from exactly one of the two versions); the prediction log and the
 * labels arrive on their topics.
 */
describe('serving live: hot swap under load, prediction log and labels over Kafka', () => {
  let p: TrackingPlatform;
  const predict = async (record: Loan): Promise<Answer> => {
    const res = await fetch(`${p.url}/v1/models/credit-risk:predict?project=ml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
      body: JSON.stringify(record),
    });
    return {
      status: res.status,
      version: res.headers.get('x-sextant-model-version'),
      body: (await res.json()) as Answer['body'],
      record,
    };
  };

  beforeAll(async () => {
    p = await startTrackingPlatform('ml', { kafkaBrokers: kafkaBrokers() });
    const connection = { url: p.url, apiKey: p.key };
    const base = { project: 'ml', model: 'credit-risk' };
    await registerCreditVersion(connection, { ...base, run: 'v1', credit: V1, alias: 'champion' });
    await registerCreditVersion(connection, { ...base, run: 'v2', credit: V2 });
    await deployCreditRisk(p.admin, { ...base, name: 'credit-risk' });
  }, 90_000);
  afterAll(() => p?.close());

  it('moves the champion under load: no request fails, each answer is one version’s', async () => {
    const answers: Answer[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const record = { ...APPLICANT, income: 30000 + ((w * 7919 + i * 104729) % 60000) };
        answers.push(await predict(record));
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    await eventually(async () => {
      if (answers.length < 100) throw new Error('warming up');
    });
    await setAlias(
      { url: p.url, apiKey: p.key },
      {
        project: 'ml',
        model: 'credit-risk',
        alias: 'champion',
        version: 2,
        reason: 'swap under load',
      },
    );
    await eventually(async () => {
      if (answers.filter((a) => a.version === '2').length < 100) throw new Error('not swapped yet');
    }, 20_000);
    stop = true;
    await load;
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const versions = new Set(answers.map((a) => a.version));
    expect(versions).toEqual(new Set(['1', '2']));
    // Every answer is exactly the probability of the version it names.
    for (const a of answers) {
      const model = a.version === '1' ? V1 : V2;
      expect(a.body.default_probability).toBeCloseTo(rounded(model, a.record), 4);
    }
    // Once the new version answered, the old one never answers again (one swap, atomically).
    const firstV2 = answers.findIndex((a) => a.version === '2');
    const lateV1 = answers.slice(firstV2 + 8).filter((a) => a.version === '1');
    expect(lateV1).toEqual([]);
  }, 60_000);

  it('logs every answered request to sextant.serving.predictions, and labels to label-received', async () => {
    const answered = [await predict(APPLICANT), await predict({ ...APPLICANT, debt: 40000 })];
    // The Open Inference Protocol's infer is logged too: two rows, their ids in the parameters.
    const infer = await fetch(`${p.url}/v2/models/credit-risk/infer?project=ml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
      body: JSON.stringify({
        inputs: [
          {
            name: 'input',
            shape: [2, 4],
            datatype: 'FP32',
            data: [Object.values(APPLICANT), Object.values({ ...APPLICANT, debt: 40000 })],
          },
        ],
        outputs: [{ name: 'label' }],
      }),
    });
    expect(infer.status).toBe(200);
    const inferred = (await infer.json()) as {
      parameters: { prediction_ids: string };
      outputs: { name: string }[];
    };
    expect(inferred.outputs.map((o) => o.name)).toEqual(['label']); // only what was asked
    const inferIds = inferred.parameters.prediction_ids.split(',');
    expect(inferIds).toHaveLength(2);
    const ids = [...answered.map((a) => a.body.id!), ...inferIds];
    const label = await fetch(`${p.url}/v1/predictions/${ids[0]}/label?project=ml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
      body: JSON.stringify({ deployment: 'credit-risk', label: 1 }),
    });
    expect(label.status).toBe(202);
    const badLabel = await fetch(`${p.url}/v1/predictions/labels?project=ml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
      body: JSON.stringify({ deployment: 'credit-risk', labels: [{ id: ids[1] }] }),
    });
    expect(badLabel.status).toBe(400);
    expect(((await badLabel.json()) as { error: string }).error).toContain('labels.0.label');

    const seen = new Map<string, PredictionRecord>();
    const labels: { predictionId: string; label: unknown }[] = [];
    const consumer = await p.running.platform.bus.consume({
      group: uniqueName('test-log'),
      events: [predictionsLogged, labelReceived],
      fromBeginning: true,
      handler: async (envelope) => {
        if (envelope.type === predictionsLogged.name) {
          expect(envelope.version).toBe(predictionsLogged.version);
          const payload = envelope.payload as PayloadOf<typeof predictionsLogged>;
          expect(payload.deployment).toBe('credit-risk');
          for (const r of predictionRecordsOf(payload)) seen.set(r.id, r);
        } else {
          labels.push(
            ...(envelope.payload as { labels: { predictionId: string; label: unknown }[] }).labels,
          );
        }
      },
    });
    try {
      await eventually(async () => {
        if (!ids.every((id) => seen.has(id)) || labels.length < 1)
          throw new Error(`seen ${seen.size}`);
      }, 20_000);
    } finally {
      await consumer.stop();
    }
    expect(seen.get(ids[0]!)).toMatchObject({
      route: 'champion',
      modelVersion: 2,
      inputs: APPLICANT,
      outputs: { default_probability: answered[0]!.body.default_probability },
      decision: answered[0]!.body.decision,
    });
    // The infer rows: inputs by feature name (the float32 the model read), the deployment's
    // answer fields and decision, as :predict's.
    for (const [i, id] of inferIds.entries()) {
      const r = seen.get(id)!;
      expect(r).toMatchObject({
        route: 'champion',
        modelVersion: 2,
        outputs: { default_probability: answered[i]!.body.default_probability },
        decision: answered[i]!.body.decision,
      });
      expect(Object.keys(r.inputs)).toEqual(Object.keys(APPLICANT));
      expect(r.inputs['debt']).toBe(i === 0 ? APPLICANT.debt : 40000);
      expect(r.inputs['history_score']).toBeCloseTo(APPLICANT.history_score, 6);
    }
    expect(labels).toEqual([expect.objectContaining({ predictionId: ids[0], label: 1 })]);
  }, 60_000);
});
