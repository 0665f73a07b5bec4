import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@sextant/client';
import {
  type GateDecisionDetail,
  type TrackingConnection,
  gate,
  getArtifact,
  putArtifact,
  registerModel,
} from '@sextant/client/training';
import { fromMlRandomForestClassifier } from '@sextant/onnx';
import { IRIS_EXPERIMENT } from './iris-sweep';

export const IRIS_MODEL = 'iris-rf';
export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
/** The gate of the seed: a candidate must be at least as accurate as the champion. */
export const IRIS_GATE = { cv_accuracy: { minAbsoluteChange: 0, greaterIsBetter: true } };
/**
 * How long v1 serves as champion before the gate promotes v2: long enough for v1 to show as a
 * labelled segment on the console's timeline, not a sliver, and short for CI.
 */
const V1_SERVES_MS = 2_000;

export interface RankedRun {
  id: string;
  name: string;
  cvAccuracy: number;
}

/** The moments of the registry's story: each after the move (or the refusal) it names. */
export interface IrisRegistryStory {
  best: RankedRun;
  tie: RankedRun;
  worse: RankedRun;
  /** After v1 became champion, after v2 passed and became champion, after v3 failed. */
  moments: { v1Champion: number; v2Champion: number; v3Refused: number };
  passed: GateDecisionDetail;
  failed: GateDecisionDetail;
}

/** The sweep's runs, best `cv_accuracy` first (ties in grid order: the older run first). */
export async function rankSweep(
  connection: TrackingConnection,
  project: string,
): Promise<RankedRun[]> {
  const found = await createClient(connection).tracking.runs.search.query({
    project,
    experiments: [IRIS_EXPERIMENT],
    orderBy: ['metrics.cv_accuracy DESC', 'attributes.start_time ASC'],
    limit: 50,
  });
  return found.runs.map((r) => ({
    id: r.id,
    name: r.name,
    cvAccuracy: Number(r.metrics['cv_accuracy']),
  }));
}

/**
 * A sweep run's forest (its `model/model.json` artifact, as `ml-random-forest` saved it)
 * exported to ONNX through libs/onnx and stored beside it as `model/model.onnx`.
 */
export async function exportRunToOnnx(
  connection: TrackingConnection,
  runId: string,
): Promise<void> {
  const saved: unknown = await (await getArtifact(connection, runId, 'model/model.json')).json();
  const onnx = fromMlRandomForestClassifier(
    { toJSON: () => saved },
    { featureNames: IRIS_FEATURES },
  );
  await putArtifact(connection, runId, 'model/model.onnx', onnx);
}

/**
 * The seed scenario's registry half, after `irisSweep`: the best of the nine runs is exported
 * to ONNX, registered as `iris-rf` v1 and made `champion`; the run tied with it (same
 * cv_accuracy, more trees) becomes v2, passes the gate (cv_accuracy, min absolute change 0.0)
 * and is promoted; a worse run becomes v3 and fails the gate, which changes nothing.
 */
export async function irisRegistry(
  connection: TrackingConnection,
  { project }: { project: string },
): Promise<IrisRegistryStory> {
  const ranked = await rankSweep(connection, project);
  const [best, tie] = ranked;
  const worse = ranked.find((r) => r.cvAccuracy < best!.cvAccuracy);
  if (!best || !tie || tie.cvAccuracy !== best.cvAccuracy || !worse) {
    throw new Error(`the sweep has no tie at the top and a worse run: ${JSON.stringify(ranked)}`);
  }
  for (const run of [best, tie, worse]) await exportRunToOnnx(connection, run.id);
  const register = (run: RankedRun, extra: { alias?: string; reason?: string } = {}) =>
    registerModel(connection, {
      project,
      model: IRIS_MODEL,
      runId: run.id,
      artifactPath: 'model/model.onnx',
      description: 'Random forest on iris, from the iris-rf-sweep experiment',
      ...extra,
    });
  // Alias moves are stamped to the millisecond: keep the moments apart.
  const moment = async () => {
    await sleep(5);
    const t = Date.now();
    await sleep(5);
    return t;
  };

  await register(best, { alias: 'champion', reason: `best of the sweep (${best.name})` });
  const v1Champion = await moment();
  await register(tie);
  await sleep(V1_SERVES_MS);
  const passed = await gate(connection, {
    project,
    model: IRIS_MODEL,
    candidate: 2,
    baselineAlias: 'champion',
    thresholds: IRIS_GATE,
    promote: true,
    reason: `${tie.name}: as accurate as the champion`,
  });
  const v2Champion = await moment();
  await register(worse);
  const failed = await gate(connection, {
    project,
    model: IRIS_MODEL,
    candidate: 3,
    baselineAlias: 'champion',
    thresholds: IRIS_GATE,
    promote: true,
  });
  const v3Refused = await moment();
  return { best, tie, worse, moments: { v1Champion, v2Champion, v3Refused }, passed, failed };
}
