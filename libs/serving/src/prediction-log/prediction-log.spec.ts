import type { EventBus, EventDefinition, PayloadOf } from '@sextant/bus';
import { predictionRecordsOf, predictionsLogged } from '@sextant/contracts';
import { createMetrics } from '@sextant/observability';
import { ServingMetrics } from '../live/serving-metrics';
import { LOG_BATCH, PredictionLog } from './prediction-log';

type Payload = PayloadOf<typeof predictionsLogged>;
type Json = Record<string, unknown>;

/** A bus that keeps what is published to it, each payload parsed by the contract (as consumers do). */
function keepingBus(fail = false, hold?: Promise<void>) {
  const published: Payload[] = [];
  const bus = {
    publish: async (def: EventDefinition, payloads: readonly unknown[]) => {
      if (fail) throw new Error('the log is down');
      if (hold) await hold;
      expect(def).toBe(predictionsLogged);
      for (const p of payloads) published.push(predictionsLogged.schema.parse(p));
    },
  } as unknown as EventBus;
  return { bus, published };
}

const deployment = {
  id: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
  projectId: '6f1c3b8e-2d4a-4f0e-9a7b-1c2d3e4f5a6b',
  project: 'ml',
  name: 'credit-risk',
  model: 'credit-risk',
};
const request = (atMs: number) => ({
  atMs,
  revision: 4,
  modelVersion: 2,
  route: 'champion' as const,
  latencyMs: 0.7,
});

describe('PredictionLog: the answered requests, as columns', () => {
  it('publishes each answer with its inputs, outputs without id and decision, and the decision', async () => {
    const { bus, published } = keepingBus();
    const metrics = new ServingMetrics(createMetrics());
    const log = new PredictionLog(bus, metrics);
    const t = Date.parse('2026-12-03T10:00:00.000Z');
    log.add(
      deployment,
      request(t + 5),
      [
        { income: 52000, debt: 18000 },
        { income: 61000, debt: 9000 },
      ],
      [
        { id: 'a', default_probability: 0.2381, decision: 'approve' },
        { id: 'b', default_probability: 0.4102, decision: 'decline' },
      ],
      'decision',
    );
    // A later request whose record lacks `debt` and has an extra field (null where absent).
    log.add(
      deployment,
      request(t),
      [{ income: 30000, age: 41 }],
      [{ id: 'c', default_probability: 0.51, decision: 'decline' }],
      'decision',
    );
    await log.flush();
    expect(published).toHaveLength(1);
    const [message] = published;
    expect(message).toMatchObject({
      deployment: 'credit-risk',
      from: '2026-12-03T10:00:00.000Z',
      to: '2026-12-03T10:00:00.005Z',
    });
    expect(message!.predictions.inputs).toEqual({
      income: [52000, 61000, 30000],
      debt: [18000, 9000, null],
      age: [null, null, 41],
    });
    expect(predictionRecordsOf(message!).map((r) => [r.id, r.outputs, r.decision])).toEqual([
      ['a', { default_probability: 0.2381 }, 'approve'],
      ['b', { default_probability: 0.4102 }, 'decline'],
      ['c', { default_probability: 0.51 }, 'decline'],
    ]);
    expect(predictionRecordsOf(message!)[2]).toMatchObject({
      at: '2026-12-03T10:00:00.000Z',
      revision: 4,
      modelVersion: 2,
      route: 'champion',
      latencyMs: 0.7,
    });
    expect(await metrics.logPublished.get()).toMatchObject({
      values: [expect.objectContaining({ value: 3, labels: { deployment: 'credit-risk' } })],
    });
    // Nothing left: the next flush publishes nothing.
    await log.flush();
    expect(published).toHaveLength(1);
  });

  it('without a decision rule, every answer field but the id is an output', async () => {
    const { bus, published } = keepingBus();
    const log = new PredictionLog(bus, new ServingMetrics(createMetrics()));
    log.add(deployment, request(0), [{ x: 1 }], [{ id: 'a', score: 0.3, label: 'yes' }], null);
    await log.flush();
    expect(published[0]!.predictions).toMatchObject({
      outputs: { score: [0.3], label: ['yes'] },
      decision: [null],
    });
  });

  it(`splits a deployment's records into messages of at most ${LOG_BATCH}, in order`, async () => {
    const { bus, published } = keepingBus();
    const log = new PredictionLog(bus, new ServingMetrics(createMetrics()));
    const n = LOG_BATCH * 2 + 7;
    const inputs = Array.from({ length: n }, (_, i) => ({ x: i }));
    const answers = inputs.map((_, i) => ({ id: `p${i}`, score: i / n }));
    log.add(deployment, request(1), inputs.slice(0, 3), answers.slice(0, 3), null);
    log.add(deployment, request(2), inputs.slice(3), answers.slice(3), null); // fills two messages
    await log.flush();
    expect(published.map((p) => p.predictions.count)).toEqual([LOG_BATCH, LOG_BATCH, 7]);
    expect(published.flatMap((p) => p.predictions.id)).toEqual(answers.map((a) => a.id));
    expect(published.flatMap((p) => p.predictions.inputs['x'])).toEqual(inputs.map((r) => r.x));
  });

  it('publishes what came after a flush in the next one, also while a publish is under way', async () => {
    let release!: () => void;
    const { bus, published } = keepingBus(
      false,
      new Promise((r) => {
        release = r;
      }),
    );
    const log = new PredictionLog(bus, new ServingMetrics(createMetrics()));
    const one = (id: string) => log.add(deployment, request(0), [{ x: 1 }], [{ id }], null);
    one('a');
    const first = log.flush(); // held inside the bus
    await new Promise((r) => setImmediate(r));
    one('b');
    const second = log.flush();
    one('c'); // before the second flush starts: it goes with it
    expect(log.flush()).toBe(second);
    release();
    await first;
    await second;
    one('d');
    await log.flush();
    expect(published.map((p) => p.predictions.id)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('keeps features and fields named like Object properties', async () => {
    const { bus, published } = keepingBus();
    const log = new PredictionLog(bus, new ServingMetrics(createMetrics()));
    const inputs = JSON.parse('{"constructor": 1, "toString": 2, "__proto__": 3}') as Json;
    log.add(deployment, request(0), [inputs], [{ id: 'a', valueOf: 0.5 }], null);
    log.add(deployment, request(0), [{ constructor: 4 }], [{ id: 'b', valueOf: 0.7 }], null);
    await log.flush();
    const [message] = published;
    expect(message!.predictions.inputs).toEqual({ constructor: [1, 4], toString: [2, null] });
    expect(message!.predictions.outputs).toEqual({ valueOf: [0.5, 0.7] });
    // A record of the message has them as its own keys.
    expect(Object.keys(predictionRecordsOf(message!)[0]!.inputs)).toEqual([
      'constructor',
      'toString',
    ]);
    expect(({} as Json)['0']).toBeUndefined(); // nothing was written on Object.prototype
  });

  it('counts what it could not publish as dropped, and goes on', async () => {
    const { bus } = keepingBus(true);
    const metrics = new ServingMetrics(createMetrics());
    const log = new PredictionLog(bus, metrics);
    log.add(deployment, request(0), [{ x: 1 }, { x: 2 }], [{ id: 'a' }, { id: 'b' }], null);
    await log.flush();
    expect(await metrics.logDropped.get()).toMatchObject({
      values: [expect.objectContaining({ value: 2 })],
    });
  });
});
