import { TRPCClientError } from '@trpc/client';
import type { SextantClient } from '../create-client';
import { type RunDetail, TrackedRun } from './run';

interface Batch {
  batchId: string;
  metrics: { key: string; value: unknown; step?: number }[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
}

/** A tracking API in memory: records every logBatch try and the final status. */
function fakeApi(failures: ((batch: Batch, tries: number) => Error | null)[] = []) {
  const tries: Batch[] = [];
  const stored = new Map<string, Batch>();
  const updates: { status?: string }[] = [];
  const client = {
    tracking: {
      runs: {
        logBatch: {
          mutate: (batch: Batch) => {
            tries.push(batch);
            for (const fail of failures) {
              const error = fail(batch, tries.length);
              if (error) return Promise.reject(error);
            }
            stored.set(batch.batchId, batch);
            return Promise.resolve({});
          },
        },
        update: {
          mutate: (u: { status?: string }) => {
            updates.push(u);
            return Promise.resolve({});
          },
        },
      },
    },
  } as unknown as SextantClient;
  return { client, tries, stored, updates };
}

const info = { id: '00000000-0000-4000-8000-000000000001' } as RunDetail;
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 1 }, flushIntervalMs: 60_000 };
const status = (httpStatus: number) =>
  TRPCClientError.from({
    error: { code: -32000, message: `HTTP ${httpStatus}`, data: { httpStatus } },
  });

describe('a tracked run’s buffered logging', () => {
  it('sends 25,000 points as batches of at most flushEvery, each point once', async () => {
    const api = fakeApi();
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, {
      ...fast,
      flushEvery: 10_000,
    });
    run.logParams({ lr: 0.1 });
    for (let i = 0; i < 25_000; i++) run.logMetric('loss', 1 / (i + 1), { step: i });
    await run.end();
    const batches = [...api.stored.values()];
    expect(batches.every((b) => b.metrics.length <= 10_000)).toBe(true);
    const steps = batches.flatMap((b) => b.metrics.map((m) => m.step));
    expect(steps).toHaveLength(25_000);
    expect(new Set(steps).size).toBe(25_000);
    expect(batches.flatMap((b) => b.params)).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(api.updates).toEqual([expect.objectContaining({ status: 'finished' })]);
  });

  it('splits a buffer larger than the server’s 50,000 points', async () => {
    const api = fakeApi();
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, {
      ...fast,
      flushEvery: 1_000_000,
    });
    for (let i = 0; i < 120_000; i++) run.logMetric('x', i, { step: i });
    await run.end();
    expect([...api.stored.values()].map((b) => b.metrics.length)).toEqual([50_000, 50_000, 20_000]);
  });

  it('retries a batch whose answer was lost with the same batch id', async () => {
    const api = fakeApi([
      (_b, n) => (n === 1 ? TRPCClientError.from(new TypeError('fetch failed')) : null),
    ]);
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, fast);
    run.logMetric('acc', 0.9);
    await run.flush();
    expect(api.tries).toHaveLength(2);
    expect(api.tries[0]!.batchId).toBe(api.tries[1]!.batchId);
    await run.end();
  });

  it('stops at a refused batch: no retry, the error reaches the script, the run ends failed', async () => {
    const api = fakeApi([(b) => (b.params.length ? status(409) : null)]);
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, fast);
    run.logParams({ depth: 4 });
    run.logMetric('acc', 0.9);
    await expect(run.flush()).rejects.toThrow('HTTP 409');
    expect(api.tries).toHaveLength(1);
    expect(() => run.logMetric('acc', 0.95)).toThrow('HTTP 409');
    await expect(run.end()).rejects.toThrow('HTTP 409');
    expect(api.updates).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  it('refuses a param logged again with another value before anything is sent', () => {
    const api = fakeApi();
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, fast);
    run.logParams({ depth: 4 });
    run.logParams({ depth: '4' });
    expect(() => run.logParam('depth', 8)).toThrow(/write-once/);
    expect(() => run.logMetric('bad;key', 1)).toThrow(TypeError);
    return run.end();
  });

  it('refuses logging once the run has ended', async () => {
    const api = fakeApi();
    const run = new TrackedRun(api.client, { url: 'http://x' }, 'ml', info, fast);
    await run.end('killed');
    expect(api.updates).toEqual([expect.objectContaining({ status: 'killed' })]);
    expect(() => run.logMetric('x', 1)).toThrow(/has ended/);
  });
});
