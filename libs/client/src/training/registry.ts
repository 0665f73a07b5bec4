import { type RouterInputs, type RouterOutputs, createClient } from '../create-client';
import type { TrackingConnection } from './connection';
import { statusOfError } from './retry';

export type ModelVersionDetail = RouterOutputs['tracking']['models']['createVersion'];
export type GateDecisionDetail = RouterOutputs['tracking']['gates']['evaluate'];
export type GateThresholds = RouterInputs['tracking']['gates']['evaluate']['thresholds'];

export interface RegisterModelOptions {
  readonly project: string;
  /** The registered model's name; created when missing (as `mlflow.register_model` does). */
  readonly model: string;
  readonly runId: string;
  /** The run's artifact holding the ONNX file, e.g. `model/model.onnx`. */
  readonly artifactPath: string;
  /** Column names of a single `[N, k]` input (default: the file's `feature_names` metadata). */
  readonly featureNames?: readonly string[];
  readonly tags?: Record<string, string>;
  /** Used only when the model is created by this call. */
  readonly description?: string;
  /** Point this alias (e.g. `champion`) at the new version. */
  readonly alias?: string;
  readonly reason?: string;
}

/**
 * Registers a run's ONNX artifact as the model's next version, creating the model first when it
 * is missing, and optionally points an alias at it. The server validates the file (a file that
 * is not a valid ONNX model is refused and nothing is registered).
 */
export async function registerModel(
  connection: TrackingConnection,
  options: RegisterModelOptions,
): Promise<ModelVersionDetail> {
  const client = createClient(connection);
  await client.tracking.models.create
    .mutate({
      project: options.project,
      name: options.model,
      ...(options.description !== undefined ? { description: options.description } : {}),
    })
    // Already registered (by an earlier script or a concurrent one): that is as good.
    .catch((error: unknown) => {
      if (statusOfError(error) !== 409) throw error;
    });
  const version = await client.tracking.models.createVersion.mutate({
    project: options.project,
    model: options.model,
    runId: options.runId,
    artifactPath: options.artifactPath,
    ...(options.featureNames ? { featureNames: [...options.featureNames] } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  });
  if (options.alias === undefined) return version;
  return setAlias(connection, {
    project: options.project,
    model: options.model,
    alias: options.alias,
    version: version.version,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  });
}

/** Points an alias at a version; the move is kept in the alias history with its reason. */
export function setAlias(
  connection: TrackingConnection,
  options: RouterInputs['tracking']['models']['setAlias'],
): Promise<ModelVersionDetail> {
  return createClient(connection).tracking.models.setAlias.mutate(options);
}

/**
 * Evaluates a promotion gate (MLflow `MetricThreshold` semantics) and resolves with the stored
 * decision — `passed` says whether it passed; with `promote: true` a passing candidate is moved
 * to `baselineAlias` in the same call. A failing gate is a decision, not an error.
 */
export function gate(
  connection: TrackingConnection,
  options: RouterInputs['tracking']['gates']['evaluate'],
): Promise<GateDecisionDetail> {
  return createClient(connection).tracking.gates.evaluate.mutate(options);
}
