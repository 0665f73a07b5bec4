import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { type RouterOutputs, type SextantClient, createClient } from '../create-client';
import { type ArtifactBody, type StoredArtifact, fileBody, putArtifact } from './artifacts';
import {
  type BatchBody,
  type KeyValue,
  MAX_BATCH_BYTES,
  MAX_BATCH_METRICS,
  MAX_BATCH_PARAMS,
  MAX_BATCH_TAGS,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  type MetricPoint,
  checkKey,
  metricPoint,
  splitBatch,
  stringifyValue,
} from './batch';
import { type CodeVersion, detectCodeVersion, execGit } from './code-version';
import type { TrackingConnection } from './connection';
import { readCiEnv } from './env';
import { type RetryPolicy, withRetry } from './retry';

export type RunDetail = RouterOutputs['tracking']['runs']['create'];
export type DatasetDetail = RouterOutputs['tracking']['datasets']['create'];
export type DatasetRole = 'training' | 'validation' | 'test' | 'other';
export type RunEndStatus = 'finished' | 'failed' | 'killed';

/** How a run is created and how its logging is sent. */
export interface RunOptions {
  /** The project's slug. */
  project: string;
  /** The experiment's name (or id). */
  experiment: string;
  /** Default: the server's `run-<first 8 characters of the id>`. */
  name?: string;
  tags?: Record<string, string>;
  /**
   * Create the experiment when it does not exist yet, as `mlflow.set_experiment` does (default
   * true). False: a missing experiment is the server's 404.
   */
  createExperiment?: boolean;
  /**
   * The code version, field by field over what is detected: the CI variables (GitHub Actions,
   * GitLab CI) first, else `git` in `cwd`. Git's failures (no repository, no git) are ignored.
   */
  code?: CodeVersion;
  /** Where git is asked (default: process.cwd()). */
  cwd?: string;
  /** Metric points buffered before a flush starts (default 10,000, one `runs.logBatch`). */
  flushEvery?: number;
  /** Buffered points are also sent this often (default 2,000 ms). */
  flushIntervalMs?: number;
  /** Retries of batches, uploads and the final status (default: 5 tries, from 250 ms). */
  retry?: RetryPolicy;
}

/** A value `logParams` takes: stored as a string (objects as JSON); undefined is skipped. */
export type ParamValue = string | number | boolean | bigint | null | undefined | object;

interface MetricOptions {
  /** An integer, e.g. the epoch (default 0). */
  step?: number;
  /** Milliseconds since the epoch (default: when it was logged). */
  timestamp?: number;
}

/**
 * A run being logged to. Params, tags and metrics are buffered and sent with `runs.logBatch`:
 * when `flushEvery` points are waiting, every `flushIntervalMs`, on `flush()` and at `end()`.
 * Each batch has its own id and is retried with that id on network errors and 5xx, so a batch
 * the server stored but whose answer was lost is not stored twice. A batch refused for good (a
 * 4xx, e.g. a param logged again with another value: params are write-once, a 409) stops the
 * run's logging: that error is thrown by the next log call, `flush()` and `end()`, and what was
 * not sent yet is dropped.
 */
export class TrackedRun {
  /** The run as the server created it. */
  readonly info: RunDetail;
  private metrics: MetricPoint[] = [];
  private params = new Map<string, string>();
  private tags = new Map<string, string>();
  /** Every param this object logged, to refuse a different value at once, not a batch later. */
  private readonly logged = new Map<string, string>();
  private chain: Promise<void> = Promise.resolve();
  private backgroundQueued = false;
  private failure: { error: unknown } | null = null;
  private ending: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly flushEvery: number;
  private readonly retry: RetryPolicy;

  /** Use `createRun` or `startRun`. */
  constructor(
    private readonly client: SextantClient,
    private readonly connection: TrackingConnection,
    readonly project: string,
    info: RunDetail,
    options: Pick<RunOptions, 'flushEvery' | 'flushIntervalMs' | 'retry'> = {},
  ) {
    this.info = info;
    this.flushEvery = Math.max(1, Math.floor(options.flushEvery ?? 10_000));
    this.retry = options.retry ?? {};
    this.timer = setInterval(() => {
      if (this.hasPending()) this.flushInBackground();
    }, options.flushIntervalMs ?? 2_000);
    // The timer alone does not keep a finished script alive.
    this.timer.unref();
  }

  get id(): string {
    return this.info.id;
  }

  /** Buffers a param; values are stored as strings. Logging a key again with another value throws. */
  logParam(key: string, value: ParamValue): void {
    this.logParams({ [key]: value });
  }

  /** Buffers params, e.g. `{ n_estimators: 50, max_depth: 'none' }`. */
  logParams(params: Record<string, ParamValue>): void {
    this.assertOpen();
    const checked: [string, string][] = [];
    for (const [key, value] of Object.entries(params)) {
      checkKey(key, 'Param');
      const text = stringifyValue(key, value, MAX_PARAM_VALUE_LENGTH);
      if (text === undefined) continue;
      const before = this.logged.get(key);
      if (before !== undefined && before !== text) {
        throw new Error(
          `Param "${key}" is already logged as ${JSON.stringify(before)}; params are write-once (given ${JSON.stringify(text)})`,
        );
      }
      checked.push([key, text]);
    }
    for (const [key, text] of checked) {
      this.logged.set(key, text);
      this.params.set(key, text);
    }
  }

  /** Buffers one point; NaN and ±Infinity are fine. */
  logMetric(key: string, value: number, options: MetricOptions = {}): void {
    this.assertOpen();
    this.push([
      metricPoint(key, value, { ...options, timestamp: options.timestamp ?? Date.now() }),
    ]);
  }

  /** Buffers one point per key, all with the same step and timestamp. */
  logMetrics(metrics: Record<string, number>, options: MetricOptions = {}): void {
    this.assertOpen();
    const timestamp = options.timestamp ?? Date.now();
    this.push(
      Object.entries(metrics).map(([key, value]) =>
        metricPoint(key, value, { ...options, timestamp }),
      ),
    );
  }

  /** Sets tags (a tag set again takes the new value) and sends them with what is buffered. */
  async setTags(tags: Record<string, string>): Promise<void> {
    this.assertOpen();
    const checked = Object.entries(tags).map(([key, value]) => {
      checkKey(key, 'Tag');
      return [key, stringifyValue(key, value, MAX_TAG_VALUE_LENGTH) ?? ''] as const;
    });
    for (const [key, value] of checked) this.tags.set(key, value);
    await this.flush();
  }

  /** Uploads a local file, streamed, as the artifact `artifactPath` (e.g. `model/model.json`). */
  logArtifact(artifactPath: string, localFile: string): Promise<StoredArtifact> {
    return this.upload(artifactPath, fileBody(localFile));
  }

  /** Uploads bytes (or a string, as UTF-8) as the artifact `artifactPath`. */
  logArtifactBytes(artifactPath: string, data: Uint8Array | string): Promise<StoredArtifact> {
    return this.upload(artifactPath, data);
  }

  /**
   * Logs a CSV file as a dataset of the project and as this run's input: uploads it as the
   * artifact `datasets/<name>/<file name>`, makes it a dataset version (`datasets.create`: the
   * same content under the same name is the same version) and links that version to the run
   * with its role (default `training`).
   */
  async logDataset(dataset: {
    name: string;
    file: string;
    role?: DatasetRole;
  }): Promise<DatasetDetail> {
    const artifactPath = `datasets/${dataset.name}/${path.basename(dataset.file)}`;
    await this.logArtifact(artifactPath, dataset.file);
    const detail = await withRetry(
      () =>
        this.client.tracking.datasets.create.mutate({
          project: this.project,
          name: dataset.name,
          runId: this.id,
          path: artifactPath,
        }),
      this.retry,
    );
    await withRetry(
      () =>
        this.client.tracking.runs.logInputs.mutate({
          project: this.project,
          runId: this.id,
          inputs: [
            { dataset: dataset.name, version: detail.version, role: dataset.role ?? 'training' },
          ],
        }),
      this.retry,
    );
    return detail;
  }

  /** Sends everything buffered; resolves when the server has stored it. */
  flush(): Promise<void> {
    const next = this.chain.then(() => this.sendPending());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Sends what is buffered, then sets the run's status and end time. When the last batches fail,
   * a `finished` run is ended `failed` and the batch's error is thrown. Calling it again returns
   * the first call's promise.
   */
  end(status: RunEndStatus = 'finished'): Promise<void> {
    this.ending ??= this.finish(status);
    return this.ending;
  }

  private async finish(status: RunEndStatus): Promise<void> {
    clearInterval(this.timer);
    let failed: { error: unknown } | null = null;
    try {
      await this.flush();
    } catch (error) {
      failed = { error };
    }
    const final = failed && status === 'finished' ? 'failed' : status;
    await withRetry(
      () =>
        this.client.tracking.runs.update.mutate({
          project: this.project,
          runId: this.id,
          status: final,
          endTime: Date.now(),
        }),
      this.retry,
    );
    if (failed) throw failed.error;
  }

  private async upload(artifactPath: string, body: ArtifactBody): Promise<StoredArtifact> {
    this.assertOpen();
    return putArtifact(this.connection, this.id, artifactPath, body, this.retry);
  }

  private assertOpen(): void {
    if (this.failure) throw this.failure.error;
    if (this.ending) throw new Error(`Run ${this.id} has ended: nothing more can be logged to it`);
  }

  private push(points: MetricPoint[]): void {
    for (const p of points) this.metrics.push(p);
    if (this.metrics.length >= this.flushEvery) this.flushInBackground();
  }

  private hasPending(): boolean {
    return this.metrics.length > 0 || this.params.size > 0 || this.tags.size > 0;
  }

  /** A flush nobody awaits: its failure is kept and thrown by the next call. */
  private flushInBackground(): void {
    if (this.backgroundQueued) return;
    this.backgroundQueued = true;
    this.flush().catch(() => undefined);
  }

  private async sendPending(): Promise<void> {
    this.backgroundQueued = false;
    if (this.failure) throw this.failure.error;
    const body: BatchBody = {
      metrics: this.metrics,
      params: pairs(this.params),
      tags: pairs(this.tags),
    };
    this.metrics = [];
    this.params = new Map();
    this.tags = new Map();
    const batches = splitBatch(body, {
      metrics: Math.min(this.flushEvery, MAX_BATCH_METRICS),
      params: MAX_BATCH_PARAMS,
      tags: MAX_BATCH_TAGS,
      bytes: MAX_BATCH_BYTES,
    });
    for (const batch of batches) {
      const batchId = randomUUID();
      try {
        await withRetry(
          () =>
            this.client.tracking.runs.logBatch.mutate({
              project: this.project,
              runId: this.id,
              batchId,
              ...batch,
            }),
          this.retry,
        );
      } catch (error) {
        this.failure = { error };
        throw error;
      }
    }
  }
}

function pairs(map: Map<string, string>): KeyValue[] {
  return [...map].map(([key, value]) => ({ key, value }));
}

/** The experiment was not found: runs.create's 404 names the `experiment` field. */
function isMissingExperiment(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { httpStatus?: number; fields?: { path: string }[] } | undefined;
  return data?.httpStatus === 404 && data.fields?.[0]?.path === 'experiment';
}

function isConflict(error: unknown): boolean {
  return (
    error instanceof TRPCClientError &&
    (error.data as { httpStatus?: number } | undefined)?.httpStatus === 409
  );
}

/**
 * Creates a run (status `running`) in `options.experiment`, creating the experiment first when
 * it is missing, with its code version detected (see `RunOptions.code`). End it with
 * `run.end()`; `startRun` does that for you.
 */
export async function createRun(
  connection: TrackingConnection,
  options: RunOptions,
): Promise<TrackedRun> {
  const client = createClient(connection);
  const code = await detectCodeVersion(
    execGit(options.cwd ?? process.cwd()),
    readCiEnv(),
    options.code,
  );
  const create = () =>
    client.tracking.runs.create.mutate({
      project: options.project,
      experiment: options.experiment,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      code,
    });
  let info: RunDetail;
  try {
    info = await create();
  } catch (error) {
    if (options.createExperiment === false || !isMissingExperiment(error)) throw error;
    await client.tracking.experiments.create
      .mutate({ project: options.project, name: options.experiment })
      // Another script may have created it meanwhile: that is as good.
      .catch((e: unknown) => {
        if (!isConflict(e)) throw e;
      });
    info = await create();
  }
  return new TrackedRun(client, connection, options.project, info, options);
}

/**
 * Runs `train` in a new run, like `with mlflow.start_run():` — creates the run, calls `train`,
 * flushes and ends the run `finished`, or `failed` when `train` throws (the error is rethrown).
 * Resolves with the ended run (its `id` and `info`).
 */
export async function startRun(
  connection: TrackingConnection,
  options: RunOptions,
  train: (run: TrackedRun) => Promise<void> | void,
): Promise<TrackedRun> {
  const run = await createRun(connection, options);
  try {
    await train(run);
  } catch (error) {
    // The script's error matters more than one ending the run.
    await run.end('failed').catch(() => undefined);
    throw error;
  }
  await run.end('finished');
  return run;
}
