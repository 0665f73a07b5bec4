import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@sextant/client';
import {
  type TrackingConnection,
  createRun,
  getArtifact,
  startRun,
} from '@sextant/client/training';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const CI_KEYS = [
  'GITHUB_SHA',
  'GITHUB_REF_NAME',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'CI_COMMIT_SHA',
  'CI_COMMIT_REF_NAME',
  'CI_PROJECT_URL',
];

/** A fetch that counts requests per procedure and can lose the answer of chosen ones. */
function observedFetch() {
  const calls: string[] = [];
  let dropNext = 0;
  const fetchFn: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const procedure = /\/trpc\/[a-z]+\/([\w.,]+)/.exec(url)?.[1] ?? url;
    calls.push(procedure);
    const response = await fetch(input, init);
    if (dropNext > 0 && procedure.includes('runs.logBatch')) {
      dropNext--;
      // The server has stored the batch; its answer never arrives.
      await response.arrayBuffer();
      throw new TypeError('fetch failed');
    }
    return response;
  };
  return {
    fetch: fetchFn,
    calls,
    dropNextBatchAnswers(n: number) {
      dropNext = n;
    },
  };
}

const fastRetry = { initialDelayMs: 10, maxDelayMs: 50 };

describe('@sextant/client/training against a running platform', () => {
  let p: TrackingPlatform;
  let connection: TrackingConnection;
  let scratch: string;

  beforeAll(async () => {
    p = await startTrackingPlatform();
    connection = { url: p.url, apiKey: p.key };
    scratch = await mkdtemp(path.join(os.tmpdir(), 'sextant-training-'));
  });
  afterAll(async () => {
    await p?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const get = (runId: string) => p.admin.tracking.runs.get.query({ project: p.project, runId });
  const history = (runId: string, key: string) =>
    p.admin.tracking.metrics.history.query({ project: p.project, runId, key });

  it('creates the experiment, logs params and metrics, and ends the run finished', async () => {
    const run = await startRun(
      connection,
      { project: p.project, experiment: 'fresh-experiment', name: 'first', tags: { team: 'ml' } },
      (run) => {
        run.logParams({ n_estimators: 50, max_depth: 'none', bootstrap: true });
        run.logMetric('accuracy', 0.95);
        run.logMetrics({ loss: Number.NaN, gain: Number.POSITIVE_INFINITY }, { step: 3 });
      },
    );
    const stored = await get(run.id);
    expect(stored).toMatchObject({
      name: 'first',
      experimentName: 'fresh-experiment',
      status: 'finished',
      params: { n_estimators: '50', max_depth: 'none', bootstrap: 'true' },
      tags: { team: 'ml' },
      metrics: { accuracy: 0.95, loss: 'NaN', gain: 'Infinity' },
    });
    expect(stored.endTime).not.toBeNull();
    expect((await history(run.id, 'loss')).points).toEqual([
      expect.objectContaining({ step: 3, value: 'NaN' }),
    ]);
  });

  it('ends a run whose script throws as failed, and rethrows the script’s error', async () => {
    let runId = '';
    const boom = new Error('training diverged');
    await expect(
      startRun(connection, { project: p.project, experiment: 'crashes' }, (run) => {
        runId = run.id;
        run.logMetric('loss', 1.5);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const stored = await get(runId);
    expect(stored.status).toBe('failed');
    // What was logged before the crash is kept.
    expect(stored.metrics).toEqual({ loss: 1.5 });
  });

  it('refuses a missing experiment when asked not to create it', async () => {
    const error = await createRun(connection, {
      project: p.project,
      experiment: 'never-made',
      createExperiment: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ httpStatus: 404 });
  });

  it('sends 25,000 buffered points in batches of 10,000 and stores each once', async () => {
    const observed = observedFetch();
    const run = await startRun(
      { ...connection, fetch: observed.fetch },
      { project: p.project, experiment: 'many-points', retry: fastRetry },
      (run) => {
        for (let i = 0; i < 25_000; i++) run.logMetric('loss', 1 / (i + 1), { step: i });
      },
    );
    const h = await history(run.id, 'loss');
    expect(h.total).toBe(25_000);
    expect(h.points.map((pt) => pt.step)).toEqual(Array.from({ length: 25_000 }, (_, i) => i));
    expect(h.points[9_999]!.value).toBeCloseTo(1 / 10_000, 12);
    expect(observed.calls.filter((c) => c.includes('runs.logBatch'))).toHaveLength(3);
  });

  it('retries a batch whose answer was lost, with its batch id, without doubling a point', async () => {
    const observed = observedFetch();
    const run = await createRun(
      { ...connection, fetch: observed.fetch },
      { project: p.project, experiment: 'lossy-network', retry: fastRetry },
    );
    for (let i = 0; i < 1_000; i++) run.logMetric('acc', i / 1_000, { step: i });
    observed.dropNextBatchAnswers(1);
    await run.flush();
    await run.end();
    // The first try reached the server and was stored; the retry was answered from the record.
    expect(observed.calls.filter((c) => c.includes('runs.logBatch'))).toHaveLength(2);
    const h = await history(run.id, 'acc');
    expect(h.total).toBe(1_000);
    expect(new Set(h.points.map((pt) => pt.step)).size).toBe(1_000);
    expect((await get(run.id)).status).toBe('finished');
  });

  it('surfaces the server’s 409 for a param logged again with another value, and fails the run', async () => {
    const run = await createRun(connection, { project: p.project, experiment: 'write-once' });
    await p.admin.tracking.runs.logBatch.mutate({
      project: p.project,
      runId: run.id,
      batchId: 'from-elsewhere',
      params: [{ key: 'lr', value: '0.1' }],
    });
    run.logParams({ lr: 0.2 });
    const error = await run.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ httpStatus: 409 });
    expect((error as Error).message).toContain('lr');
    await expect(run.end()).rejects.toBe(error);
    expect(await get(run.id)).toMatchObject({ status: 'failed', params: { lr: '0.1' } });
  });

  it('uploads a file of a few MB streamed, and it comes back byte for byte', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const file = path.join(scratch, 'weights.bin');
    await writeFile(file, bytes);
    const run = await createRun(connection, { project: p.project, experiment: 'artifacts' });
    const stored = await run.logArtifact('model/weights.bin', file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(stored).toMatchObject({ path: 'model/weights.bin', size: bytes.length, sha256 });
    const back = Buffer.from(
      await (await getArtifact(connection, run.id, 'model/weights.bin')).arrayBuffer(),
    );
    expect(back.equals(bytes)).toBe(true);
    await run.logArtifactBytes('notes/read me.txt', 'ünïcode');
    expect(await (await getArtifact(connection, run.id, 'notes/read me.txt')).text()).toBe(
      'ünïcode',
    );
    await run.end();
    const listed = await p.admin.tracking.artifacts.list.query({
      project: p.project,
      runId: run.id,
    });
    expect(listed.map((a) => a.path)).toEqual(['model/weights.bin', 'notes/read me.txt']);
  });

  it('logs a CSV as a dataset linked to the run with its role', async () => {
    const csv = path.join(scratch, 'iris-mini.csv');
    await writeFile(csv, 'sepal_length,species\n5.1,setosa\n7.0,versicolor\n6.3,virginica\n');
    const run = await startRun(
      connection,
      { project: p.project, experiment: 'datasets' },
      async (run) => {
        const dataset = await run.logDataset({ name: 'iris-mini', file: csv, role: 'validation' });
        expect(dataset).toMatchObject({ name: 'iris-mini', version: 1, rowCount: 3 });
      },
    );
    const stored = await get(run.id);
    expect(stored.inputs).toEqual([
      expect.objectContaining({ name: 'iris-mini', version: 1, role: 'validation' }),
    ]);
    const artifacts = await p.admin.tracking.artifacts.list.query({
      project: p.project,
      runId: run.id,
    });
    expect(artifacts.map((a) => a.path)).toEqual(['datasets/iris-mini/iris-mini.csv']);
  });

  describe('code version', () => {
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
      // The CI variables would win over git: this test checks git.
      for (const k of CI_KEYS) {
        saved[k] = process.env[k];
        delete process.env[k];
      }
    });
    afterAll(() => {
      for (const k of CI_KEYS) if (saved[k] !== undefined) process.env[k] = saved[k];
    });

    it('is read from git in the working folder, and overrides win field by field', async () => {
      const repo = path.resolve(__dirname, '../../..');
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo }).toString().trim();
      const run = await createRun(connection, {
        project: p.project,
        experiment: 'code',
        cwd: repo,
        code: { branch: 'release-1' },
      });
      await run.end();
      expect((await get(run.id)).code).toMatchObject({ commit: head, branch: 'release-1' });

      const notARepo = await createRun(connection, {
        project: p.project,
        experiment: 'code',
        cwd: scratch,
      });
      await notARepo.end();
      expect((await get(notARepo.id)).code).toEqual({
        commit: null,
        repository: null,
        branch: null,
        dirty: null,
      });
    });

    it('takes GitHub Actions’ variables over git', async () => {
      process.env['GITHUB_SHA'] = 'f'.repeat(40);
      process.env['GITHUB_REF_NAME'] = 'feature/x';
      process.env['GITHUB_SERVER_URL'] = 'https://github.com';
      process.env['GITHUB_REPOSITORY'] = 'acme/ml';
      try {
        const run = await createRun(connection, {
          project: p.project,
          experiment: 'code',
          cwd: scratch,
        });
        await run.end();
        expect((await get(run.id)).code).toMatchObject({
          commit: 'f'.repeat(40),
          branch: 'feature/x',
          repository: 'https://github.com/acme/ml',
        });
      } finally {
        for (const k of CI_KEYS) delete process.env[k];
      }
    });
  });
});
