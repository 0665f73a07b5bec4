import { Tensor } from 'onnxruntime-node';

import { creditDefaultProbability, creditModel } from '../../test/fixtures/models';
import { MicroBatcher } from './micro-batcher';
import { ModelSession } from './model-session';

const rows = [
  [52000, 18000, 37, 0.62],
  [30000, 25000, 22, 0.1],
  [90000, 1000, 60, 0.95],
  [41000, 12000, 45, 0.5],
];

function feeds(records: number[][]): Record<string, Tensor> {
  return { input: new Tensor('float32', Float32Array.from(records.flat()), [records.length, 4]) };
}

/** A model that doubles its input `x` ([N, k]) and fails on a negative value. */
function doubling(calls: number[]) {
  return async (f: Record<string, Tensor>) => {
    const x = f['x']!;
    calls.push(x.dims[0]!);
    const data = x.data as Float32Array;
    if (data.some((v) => v < 0)) throw new Error('negative input');
    return {
      y: new Tensor(
        'float32',
        data.map((v) => v * 2),
        x.dims,
      ),
    };
  };
}

const x = (values: number[][]) => ({
  x: new Tensor('float32', Float32Array.from(values.flat()), [values.length, values[0]!.length]),
});

describe('MicroBatcher', () => {
  it('merges concurrent requests into one run and gives each its own rows', async () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(doubling(calls), 64);
    const answers = await Promise.all([
      batcher.run(x([[1, 2]]), ['y']),
      batcher.run(
        x([
          [3, 4],
          [5, 6],
        ]),
        ['y'],
      ),
      batcher.run(x([[7, 8]]), ['y']),
    ]);
    expect(calls).toEqual([4]);
    expect(answers.map((a) => a['y']!.dims)).toEqual([
      [1, 2],
      [2, 2],
      [1, 2],
    ]);
    expect(answers.map((a) => Array.from(a['y']!.data as Float32Array))).toEqual([
      [2, 4],
      [6, 8, 10, 12],
      [14, 16],
    ]);
    expect(batcher.stats).toEqual({ runs: 1, merged: 3, requests: 3 });
  });

  it('runs at once when maxBatch rows wait, and a lone request alone', async () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(doubling(calls), 2);
    await Promise.all([1, 2, 3].map((v) => batcher.run(x([[v]]), ['y'])));
    expect(calls).toEqual([2, 1]);
    await batcher.run(x([[4]]), ['y']);
    expect(calls).toEqual([2, 1, 1]);
  });

  it('fails only the request at fault when a merged run fails', async () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(doubling(calls), 64);
    const results = await Promise.allSettled([
      batcher.run(x([[1]]), ['y']),
      batcher.run(x([[-1]]), ['y']),
      batcher.run(x([[3]]), ['y']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(
      Array.from(
        (results[2] as PromiseFulfilledResult<Record<string, Tensor>>).value['y']!
          .data as Float32Array,
      ),
    ).toEqual([6]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('negative input');
  });

  it('answers every request even when a merged result cannot be split (an output without dims)', async () => {
    let calls = 0;
    const batcher = new MicroBatcher(async (f) => {
      calls++;
      const n = f['x']!.dims[0]!;
      // Merged runs answer something that is not a tensor; single runs answer properly.
      if (n > 1) return { y: { data: [] } as unknown as Tensor };
      return { y: new Tensor('float32', Float32Array.of(n), [1, 1]) };
    });
    const answers = await Promise.all([batcher.run(x([[1]]), ['y']), batcher.run(x([[2]]), ['y'])]);
    expect(answers.map((a) => a['y']!.dims)).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(calls).toBe(3);
  });

  it('does not merge requests that ask other outputs or have other shapes', async () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(doubling(calls), 64);
    await Promise.all([
      batcher.run(x([[1, 2]]), ['y']),
      batcher.run(x([[1, 2, 3]]), ['y']),
      batcher.run(x([[1, 2]]), ['y', 'z']),
    ]);
    expect(calls.sort()).toEqual([1, 1, 1]);
  });

  it('answers a real model as unbatched runs do', async () => {
    const session = await ModelSession.load(creditModel());
    try {
      const batch = { maxBatch: 64 };
      const answers = await Promise.all(
        rows.map((r) => session.run(feeds([r]), ['probabilities'], { batch })),
      );
      expect(session.batchStats).toEqual({ runs: 1, merged: 4, requests: 4 });
      answers.forEach((a, i) => {
        expect(a['probabilities']!.dims).toEqual([1, 2]);
        expect((a['probabilities']!.data as Float32Array)[1]).toBeCloseTo(
          creditDefaultProbability(rows[i]!),
          6,
        );
      });
    } finally {
      await session.release();
    }
  });
});
