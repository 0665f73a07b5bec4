import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DriftCurrent, DriftReference } from '@sextant/plugin-sdk';
import { Piscina } from 'piscina';
import {
  type DriftRunError,
  type DriftRunOptions,
  type DriftRunResult,
  type DriftTestRunner,
  checkResult,
  describeThrown,
} from './drift-test-runner';
import type { PluginSettings } from './plugins.types';

/** What the host sends the worker (plugin-worker.cjs). */
export type PoolTask =
  | { op: 'ping' }
  | { op: 'describe'; entry: string; export: string }
  | {
      op: 'run';
      entry: string;
      export: string;
      test: string;
      reference: DriftReference;
      current: DriftCurrent;
      params: unknown;
      threshold: number | undefined;
    };

/** What the start-up probe answers (the host checks the export itself once the probe passed). */
export interface PluginDescription {
  exported: boolean;
  name: string | null;
  tests: (string | null)[];
}

/**
 * The worker script. It is plain CommonJS kept beside the sources (src/plugins/plugin-worker.cjs),
 * so that the sources (jest, swc) and the built package (dist/plugins, which tsc leaves without it)
 * both run the same file: from dist it is found at ../../src/plugins.
 */
export function pluginWorkerFile(): string {
  const candidates = [
    path.join(__dirname, 'plugin-worker.cjs'),
    path.resolve(__dirname, '..', '..', 'src', 'plugins', 'plugin-worker.cjs'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found)
    throw new Error(`plugin worker script not found (looked for ${candidates.join(', ')})`);
  return found;
}

type PoolSettings = Pick<PluginSettings, 'timeoutMs' | 'maxMemoryMb' | 'threads'>;

/**
 * A piscina pool of worker threads for third-party plugins, with a heap limit per worker and a
 * time limit per call. A worker that dies (process.exit, out of memory, stopped after a timeout)
 * is replaced by piscina; its call alone fails.
 */
export class PluginPool {
  private readonly pool: Piscina<PoolTask, unknown>;
  private closed = false;

  constructor(readonly settings: PoolSettings) {
    this.pool = new Piscina<PoolTask, unknown>({
      filename: pluginWorkerFile(),
      name: 'default',
      minThreads: 1,
      maxThreads: settings.threads,
      idleTimeout: 60_000,
      // The service's own flags (an inspector, loaders) are not for plugin workers.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: settings.maxMemoryMb },
    });
  }

  /** The live worker threads' ids (tests watch a dead worker being replaced). */
  get threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  /** Calls completed so far. */
  get completed(): number {
    return this.pool.completed;
  }

  /**
   * Runs one task with the time limit; rejects with a DriftRunError-shaped failure. The timer
   * starts at the call, so time spent queued behind other calls counts.
   */
  async call(
    task: PoolTask,
    label: string,
    options: { signal?: AbortSignal; transferList?: ArrayBuffer[] } = {},
  ): Promise<unknown> {
    if (this.closed) throw failure(`${label}: the plugin pool is closed`, 'closed');
    if (options.signal?.aborted) throw failure(`${label}: the call was aborted`, 'aborted');
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timer.signal, options.signal]) : timer.signal;
    try {
      return await this.pool.run(task, {
        signal,
        ...(options.transferList ? { transferList: options.transferList } : {}),
      });
    } catch (error) {
      throw classify(error, label, {
        timedOut: timer.signal.aborted,
        aborted: options.signal?.aborted ?? false,
        closed: this.closed,
        timeoutMs: this.settings.timeoutMs,
        maxMemoryMb: this.settings.maxMemoryMb,
      });
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Loads a plugin's entry in a worker (the start-up probe); `label` names it in errors. */
  async describe(entry: string, exportName: string, label: string): Promise<PluginDescription> {
    return (await this.call(
      { op: 'describe', entry, export: exportName },
      label,
    )) as PluginDescription;
  }

  /** Stops every worker; calls in flight fail with reason 'closed'. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}

/** A DriftRunError thrown by PluginPool.call. */
export class PoolCallError extends Error implements DriftRunError {
  override readonly name = 'PoolCallError';
  constructor(
    readonly error: string,
    readonly reason: DriftRunError['reason'],
  ) {
    super(error);
  }
}

function failure(message: string, reason: DriftRunError['reason']): PoolCallError {
  return new PoolCallError(message, reason);
}

function classify(
  error: unknown,
  label: string,
  state: {
    timedOut: boolean;
    aborted: boolean;
    closed: boolean;
    timeoutMs: number;
    maxMemoryMb: number;
  },
): PoolCallError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = describeThrown(error);
  if (state.closed) return failure(`${label}: the plugin pool was closed`, 'closed');
  if (state.timedOut)
    return failure(
      `${label} timed out after ${state.timeoutMs} ms; its worker was stopped`,
      'timeout',
    );
  if (state.aborted) return failure(`${label}: the call was aborted`, 'aborted');
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return failure(
      `${label} exceeded the worker heap limit (${state.maxMemoryMb} MB); its worker was stopped`,
      'out-of-memory',
    );
  if (/worker exited with code/i.test(message))
    return failure(`${label}: the plugin ended its worker (${message})`, 'worker-exited');
  return failure(`${label}: ${message}`, 'threw');
}

/** Where the pool finds a third-party test: the plugin's entry and export. */
export interface PooledTest {
  readonly entry: string;
  readonly export: string;
  readonly defaultThreshold: number;
}

/** Runs third-party tests in the plugin pool. */
export class WorkerPoolRunner implements DriftTestRunner {
  private readonly tests = new Map<string, PooledTest>();

  constructor(readonly pool: PluginPool) {}

  add(testName: string, test: PooledTest): void {
    this.tests.set(testName, test);
  }

  has(testName: string): boolean {
    return this.tests.has(testName);
  }

  async run(
    testName: string,
    reference: DriftReference,
    current: DriftCurrent,
    params?: unknown,
    options: DriftRunOptions = {},
  ): Promise<DriftRunResult> {
    const where = this.tests.get(testName);
    if (!where)
      return {
        error: `unknown drift test '${testName}' (not in the pool)`,
        reason: 'unknown-test',
      };
    const transferList =
      options.transfer && current instanceof Float64Array
        ? [current.buffer as ArrayBuffer]
        : undefined;
    try {
      const value = await this.pool.call(
        {
          op: 'run',
          entry: where.entry,
          export: where.export,
          test: testName,
          reference,
          current,
          params,
          threshold: options.threshold,
        },
        `drift test '${testName}'`,
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(transferList ? { transferList } : {}),
        },
      );
      return checkResult(testName, value, options.threshold ?? where.defaultThreshold);
    } catch (error) {
      if (error instanceof PoolCallError) return { error: error.error, reason: error.reason };
      return { error: describeThrown(error), reason: 'threw' };
    }
  }
}
