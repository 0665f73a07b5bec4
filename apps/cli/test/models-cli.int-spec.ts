import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { putArtifact, startRun } from '@sextant/client/training';
import { logisticRegressionModel } from '@sextant/onnx';
import { cli, sextantIn } from './seed/cli-process';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

/** A tiny valid ONNX classifier (2 features). */
const onnx = (bias: number) =>
  logisticRegressionModel({
    weights: [
      [1, -1],
      [-1, 1],
    ],
    intercepts: [bias, 0],
    classLabels: [0, 1],
  });

describe('the model registry commands of the sextant CLI: models and gate', () => {
  let p: TrackingPlatform;
  let scratch: string;
  let env: Record<string, string>;
  const runs: Record<string, string> = {};
  const sextant = (args: string[]) => sextantIn(env, ['--project', 'ml', ...args]);
  const json = async (args: string[]) => {
    const result = await sextant([...args, '--json']);
    return { ...result, doc: JSON.parse(result.stdout) as Record<string, unknown> };
  };

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first`);
    p = await startTrackingPlatform('ml');
    scratch = await mkdtemp(path.join(os.tmpdir(), 'sextant-models-cli-'));
    await mkdir(path.join(scratch, 'config'));
    env = {
      SEXTANT_URL: p.url,
      SEXTANT_API_KEY: p.key,
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
      HOME: path.join(scratch, 'config'),
    };
    const connection = { url: p.url, apiKey: p.key };
    for (const [name, acc] of [
      ['first', 0.9],
      ['better', 0.95],
      ['worse', 0.8],
    ] as const) {
      const run = await startRun(connection, { project: 'ml', experiment: 'clf', name }, (r) => {
        r.logMetric('acc', acc);
        r.logMetric('loss', 1 - acc);
      });
      await putArtifact(connection, run.id, 'model.onnx', onnx(acc));
      await putArtifact(connection, run.id, 'notes.txt', 'not a model');
      runs[name] = run.id;
    }
  }, 60_000);
  afterAll(async () => {
    await p?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('registers versions (run id prefixes work) and moves aliases, as history shows', async () => {
    const v1 = await sextant([
      'models',
      'register',
      'clf',
      runs['first']!.slice(0, 8),
      'model.onnx',
      '--alias',
      'champion',
      '--feature-names',
      'x1,x2',
      '--reason',
      'first one',
    ]);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain('registered clf v1');
    expect(v1.stdout).toMatch(/input\s+input: float32 \[N, 2\]/);
    expect(v1.stdout).toContain('features  x1, x2');
    const refused = await sextant(['models', 'register', 'clf', runs['first']!, 'notes.txt']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not a valid ONNX model');
    for (const name of ['better', 'worse']) {
      expect((await sextant(['models', 'register', 'clf', runs[name]!, 'model.onnx'])).code).toBe(
        0,
      );
    }
    const list = await sextant(['models', 'list']);
    expect(list.stdout).toMatch(/clf\s+v3\s+champion=v1/);
    const show = await json(['models', 'show', 'clf']);
    expect((show.doc['versions'] as { version: number }[]).map((v) => v.version)).toEqual([
      3, 2, 1,
    ]);
    const before = new Date().toISOString();
    expect((await sextant(['models', 'set-alias', 'clf', 'challenger', 'v2'])).stdout).toContain(
      'clf@challenger → v2',
    );
    const history = await sextant(['models', 'history', 'clf']);
    expect(history.stdout.split('\n')[0]).toMatch(/AT\s+ALIAS\s+FROM\s+TO\s+REASON/);
    expect(history.stdout).toMatch(/champion\s+-\s+v1\s+first one/);
    const at = await sextant(['models', 'alias-at', 'clf', 'challenger', before]);
    expect(at.stdout).toContain('clf@challenger pointed nowhere');
    const now = await sextant(['models', 'alias-at', 'clf', 'champion', String(Date.now())]);
    expect(now.stdout).toContain('clf@champion was v1');
    const lineage = await sextant(['models', 'lineage', 'clf', '1']);
    expect(lineage.stdout).toMatch(/model-version clf v1\s+--produced-by-->\s+run first/);
  });

  it('gate prints the decision table, exits 0 when it passes and 3 when it fails', async () => {
    const pass = await sextant([
      'gate',
      'clf',
      '2',
      '--metric',
      'acc,min_abs=0',
      '--metric',
      'loss,lower,threshold=0.5',
      '--promote',
    ]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('candidate v2 vs champion = v1');
    expect(pass.stdout).toMatch(/acc \(higher is better\)\s+0\.95\s+0\.9\s+0 pass\s+passed/);
    expect(pass.stdout).toContain('PASSED: clf@champion → v2');
    const fail = await json(['gate', 'clf', 'v3', '--metric', 'acc,min_abs=0', '--promote']);
    expect(fail.code).toBe(3);
    expect(fail.doc).toMatchObject({ passed: false, promotedTo: null, baselineVersion: 2 });
    const text = await sextant(['gate', 'clf', '3', '--metric', 'acc,min_abs=0']);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('minimum absolute change check failed');
    expect(text.stdout).toContain('FAILED: nothing was promoted');
    const champion = await json(['models', 'show', 'clf']);
    expect(champion.doc['aliases']).toMatchObject({ champion: 2 });
  });

  it('bad command lines exit 2 naming the problem; unknown models exit 1', async () => {
    const noMetric = await sextant(['gate', 'clf', '2']);
    expect(noMetric.code).toBe(2);
    expect(noMetric.stderr).toContain('give at least one --metric');
    const badMetric = await sextant(['gate', 'clf', '2', '--metric', 'acc,min_abs=x']);
    expect(badMetric.code).toBe(2);
    expect(badMetric.stderr).toContain('min_abs must be a number');
    const ghost = await sextant(['gate', 'ghost', '1', '--metric', 'acc,threshold=0.5']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('Model "ghost" not found');
    const badTime = await sextant(['models', 'alias-at', 'clf', 'champion', 'yesterday']);
    expect(badTime.code).toBe(2);
  });
});
