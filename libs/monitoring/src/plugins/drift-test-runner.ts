import type { DriftCurrent, DriftReference, DriftResult } from '@sextant/plugin-sdk';
import type { DriftTestRegistry } from '../drift/drift-test-registry';

/** Why a call failed: the test's own fault, its limits, or the caller's. */
export type DriftRunFailure =
  /** No test of that name is installed (or it runs elsewhere). */
  | 'unknown-test'
  /** The test threw (bad params included). */
  | 'threw'
  /** The test returned something other than a DriftResult. */
  | 'invalid-result'
  /** The call exceeded the pool's time limit; its worker was stopped. */
  | 'timeout'
  /** The worker exceeded its heap limit and was stopped. */
  | 'out-of-memory'
  /** The worker ended during the call (process.exit in the plugin, a crash). */
  | 'worker-exited'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The runner was closed. */
  | 'closed';

/** A failed call: what the report shows in place of a statistic. */
export interface DriftRunError {
  readonly error: string;
  readonly reason: DriftRunFailure;
}

/** A test's result, or why there is none. */
export type DriftRunResult = DriftResult | DriftRunError;

export interface DriftRunOptions {
  /** The decision threshold; default: the test's `defaultThreshold`. */
  readonly threshold?: number;
  /** Cancels the call (in the pool: the worker running it is stopped). */
  readonly signal?: AbortSignal;
  /**
   * Pool only: move the current window's buffer to the worker instead of copying it. The caller's
   * Float64Array is detached (length 0) afterwards. The reference, cached, is always copied.
   */
  readonly transfer?: boolean;
}

/**
 * Runs drift tests by name. Implemented in-process (the built-in plugin) and by the worker pool
 * (third-party plugins); the plugin host routes each test to the one that holds it. Never rejects:
 * every failure is a `DriftRunError`, so that a faulty test fails only its own result.
 */
export interface DriftTestRunner {
  run(
    testName: string,
    reference: DriftReference,
    current: DriftCurrent,
    params?: unknown,
    options?: DriftRunOptions,
  ): Promise<DriftRunResult>;
}

export function isDriftRunError(result: DriftRunResult): result is DriftRunError {
  return typeof (result as Partial<DriftRunError>).error === 'string';
}

/** The message of anything thrown, with its class when that says more than "Error". */
export function describeThrown(error: unknown): string {
  if (
    error instanceof Error ||
    (typeof error === 'object' && error !== null && 'message' in error)
  ) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const text = String(message);
    return typeof name === 'string' && name !== 'Error' && !text.startsWith(name)
      ? `${name}: ${text}`
      : text;
  }
  return String(error);
}

/**
 * Checks what a test returned (third-party code may return anything) and keeps only the
 * DriftResult fields; a threshold it left out is the one it was given.
 */
export function checkResult(
  testName: string,
  value: unknown,
  threshold: number | undefined,
): DriftRunResult {
  const invalid = (why: string): DriftRunError => ({
    error: `drift test '${testName}' returned an invalid result: ${why}`,
    reason: 'invalid-result',
  });
  if (value === null || typeof value !== 'object') return invalid('not an object');
  const r = value as Record<string, unknown>;
  if (typeof r['statistic'] !== 'number') return invalid('statistic is not a number');
  if (typeof r['drifted'] !== 'boolean') return invalid('drifted is not a boolean');
  if (r['pValue'] !== undefined && typeof r['pValue'] !== 'number')
    return invalid('pValue is not a number');
  const details = r['details'];
  if (details !== undefined && (details === null || typeof details !== 'object'))
    return invalid('details is not an object');
  const used = typeof r['threshold'] === 'number' ? r['threshold'] : threshold;
  if (used === undefined) return invalid('threshold is not a number');
  return {
    statistic: r['statistic'],
    ...(r['pValue'] !== undefined ? { pValue: r['pValue'] as number } : {}),
    threshold: used,
    drifted: r['drifted'],
    ...(details !== undefined ? { details: details as Record<string, unknown> } : {}),
  };
}

/** Runs tests in the calling thread: for the built-in plugin, which Sextant trusts. */
export class InProcessRunner implements DriftTestRunner {
  constructor(private readonly registry: DriftTestRegistry) {}

  run(
    testName: string,
    reference: DriftReference,
    current: DriftCurrent,
    params?: unknown,
    options: DriftRunOptions = {},
  ): Promise<DriftRunResult> {
    const entry = this.registry.get(testName);
    if (!entry)
      return Promise.resolve({
        error: `unknown drift test '${testName}'`,
        reason: 'unknown-test',
      });
    if (options.signal?.aborted)
      return Promise.resolve({ error: 'the call was aborted', reason: 'aborted' });
    try {
      const value = entry.test.execute(reference, current, params, options.threshold);
      return Promise.resolve(
        checkResult(testName, value, options.threshold ?? entry.test.defaultThreshold),
      );
    } catch (error) {
      return Promise.resolve({ error: describeThrown(error), reason: 'threw' });
    }
  }
}
