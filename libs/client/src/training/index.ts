/**
 * `@sextant/client/training`: helpers for training scripts (Node only), like `mlflow.start_run`.
 *
 *     await startRun({ url, apiKey }, { project: 'ml', experiment: 'iris' }, async (run) => {
 *       run.logParams({ n_estimators: 50 });
 *       run.logMetric('accuracy', 0.95);
 *       await run.logArtifact('model/model.json', 'out/model.json');
 *     });
 */
export {
  type DatasetDetail,
  type DatasetRole,
  type ParamValue,
  type RunDetail,
  type RunEndStatus,
  type RunOptions,
  TrackedRun,
  createRun,
  startRun,
} from './run';
export {
  type ArtifactBody,
  type StoredArtifact,
  artifactUrl,
  fileBody,
  getArtifact,
  putArtifact,
} from './artifacts';
export {
  type GateDecisionDetail,
  type GateThresholds,
  type ModelVersionDetail,
  type RegisterModelOptions,
  gate,
  registerModel,
  setAlias,
} from './registry';
export { type TrackingConnection, trackingBaseUrl } from './connection';
export { type CodeVersion, redactRepositoryUrl } from './code-version';
export {
  MAX_BATCH_METRICS,
  type MetricValueJson,
  encodeMetricValue,
  checkKey,
  metricPoint,
} from './batch';
export {
  type RetryPolicy,
  TrackingHttpError,
  isRetryable,
  statusOfError,
  withRetry,
} from './retry';
