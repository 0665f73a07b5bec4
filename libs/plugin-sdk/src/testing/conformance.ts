import {
  buildCategoricalReference,
  buildReferenceProfile,
  type CategoricalReference,
  type ReferenceProfile,
} from '@sextant/stats';
import { isDrifted } from '../define';
import { InvalidParamsError } from '../errors';
import {
  SDK_API_VERSION,
  type ColumnKind,
  type DriftCurrent,
  type DriftReference,
  type DriftResult,
  type DriftTest,
  type Plugin,
} from '../types';
import { categoricalSample, normalSample } from './random';

/** Options of the conformance kit. */
export interface ConformanceOptions {
  /** Params each named test must reject, beyond the generic non-object ones. */
  badParams?: Record<string, readonly unknown[]>;
  /** Size of the generated reference and current samples (default 400). */
  size?: number;
}

/** One conformance check of one test on one column kind; `check` throws on failure. */
export interface ConformanceCase {
  /** The drift test checked (the plugin's name for the plugin-wide case). */
  test: string;
  /** The column kind the case feeds the test, or `'all'` for kind-independent checks. */
  kind: ColumnKind | 'all';
  /** What the case checks, in words (a jest test title). */
  name: string;
  /** Runs the check; throws an Error saying what failed. */
  check(): void;
}

class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

interface Fixture {
  reference: () => DriftReference;
  same: () => DriftCurrent;
  shifted: () => DriftCurrent;
  withMissing: () => DriftCurrent;
  empty: () => DriftCurrent;
  allMissing: () => DriftCurrent;
  constantReference: () => DriftReference;
  constantCurrent: () => DriftCurrent;
  emptyReference: () => DriftReference;
}

function withNaNs(values: Float64Array): Float64Array {
  const out: number[] = [];
  values.forEach((v, i) => {
    out.push(v);
    if (i % 7 === 0) out.push(NaN);
  });
  return Float64Array.from(out);
}

function withNulls(values: readonly string[]): (string | null)[] {
  const out: (string | null)[] = [];
  values.forEach((v, i) => {
    out.push(v);
    if (i % 7 === 0) out.push(null);
  });
  return out;
}

function numericFixture(n: number, toKind: (v: Float64Array) => Float64Array): Fixture {
  const ref = toKind(normalSample(101, n, 0, 1));
  const shifted = toKind(normalSample(202, n, 3, 1));
  const constant = new Float64Array(n).fill(5);
  return {
    reference: () => buildReferenceProfile(ref),
    same: () => Float64Array.from(ref),
    shifted: () => Float64Array.from(shifted),
    withMissing: () => withNaNs(shifted),
    empty: () => new Float64Array(0),
    allMissing: () => new Float64Array(5).fill(NaN),
    constantReference: () => buildReferenceProfile(constant),
    constantCurrent: () => Float64Array.from(constant),
    emptyReference: () => buildReferenceProfile(new Float64Array(0)),
  };
}

function categoricalFixture(
  n: number,
  categories: string[],
  refWeights: number[],
  curWeights: number[],
): Fixture {
  const ref = categoricalSample(303, n, categories, refWeights);
  const shifted = categoricalSample(404, n, categories, curWeights);
  const constant = new Array<string>(n).fill(categories[0]!);
  return {
    reference: () => buildCategoricalReference(ref),
    same: () => [...ref],
    shifted: () => [...shifted],
    withMissing: () => withNulls(shifted),
    empty: () => [],
    allMissing: () => [null, null, null],
    constantReference: () => buildCategoricalReference(constant),
    constantCurrent: () => [...constant],
    emptyReference: () => buildCategoricalReference([]),
  };
}

function fixtureFor(kind: ColumnKind, n: number): Fixture {
  switch (kind) {
    case 'numeric':
      return numericFixture(n, (v) => v);
    case 'text_length':
      return numericFixture(n, (v) => v.map((z) => Math.max(0, Math.round(40 + 12 * z))));
    case 'categorical':
      return categoricalFixture(n, ['a', 'b', 'c', 'd'], [4, 3, 2, 1], [1, 2, 3, 4]);
    case 'binary':
      return categoricalFixture(n, ['no', 'yes'], [7, 3], [3, 7]);
  }
}

function sameNumber(a: number | undefined, b: number | undefined, rel = 1e-12): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Object.is(a, b)) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

function snapshot(current: DriftCurrent): string {
  return JSON.stringify(current instanceof Float64Array ? Array.from(current, String) : current);
}

function referenceSnapshot(reference: DriftReference): string {
  if (reference.kind === 'numeric') {
    const r: ReferenceProfile = reference;
    return JSON.stringify([
      Array.from(r.sorted, String),
      Array.from(r.edges, String),
      [...r.counts],
    ]);
  }
  const c: CategoricalReference = reference;
  return JSON.stringify([...c.categories.entries()]);
}

function describeResult(r: DriftResult): string {
  return `statistic=${r.statistic}, pValue=${String(r.pValue)}, threshold=${r.threshold}, drifted=${r.drifted}`;
}

function checkShape(test: DriftTest, r: DriftResult, threshold: number, label: string): void {
  assert(typeof r === 'object' && r !== null, `${label}: run must return an object`);
  assert(typeof r.statistic === 'number', `${label}: statistic must be a number`);
  assert(typeof r.drifted === 'boolean', `${label}: drifted must be a boolean`);
  assert(
    r.threshold === threshold,
    `${label}: threshold ${r.threshold} ≠ the one used, ${threshold}`,
  );
  if (test.direction === 'p-value' && !Number.isNaN(r.statistic)) {
    assert(
      typeof r.pValue === 'number' && r.pValue >= 0 && r.pValue <= 1,
      `${label}: a p-value test must return pValue in [0, 1] (${describeResult(r)})`,
    );
  }
  assert(
    r.drifted === isDrifted(test.direction, r, threshold),
    `${label}: drifted must follow direction '${test.direction}' (${describeResult(r)})`,
  );
  if (r.details !== undefined) {
    assert(typeof r.details === 'object', `${label}: details must be an object`);
    JSON.stringify(r.details);
  }
}

function casesForTest(test: DriftTest, kind: ColumnKind, n: number): ConformanceCase[] {
  const fx = fixtureFor(kind, n);
  const t = test.defaultThreshold;
  const c = (name: string, check: () => void): ConformanceCase => ({
    test: test.name,
    kind,
    name,
    check,
  });
  return [
    c('is deterministic and leaves its inputs untouched', () => {
      const reference = fx.reference();
      const current = fx.shifted();
      const before = [referenceSnapshot(reference), snapshot(current)];
      const r1 = test.execute(reference, current);
      const r2 = test.execute(fx.reference(), fx.shifted());
      const r3 = test.execute(reference, current);
      assert(
        referenceSnapshot(reference) === before[0] && snapshot(current) === before[1],
        'run mutated its inputs',
      );
      for (const r of [r2, r3]) {
        assert(
          Object.is(r.statistic, r1.statistic) &&
            Object.is(r.pValue, r1.pValue) &&
            r.drifted === r1.drifted &&
            JSON.stringify(r.details) === JSON.stringify(r1.details),
          `same input, different output: ${describeResult(r1)} vs ${describeResult(r)}`,
        );
      }
    }),
    c('does not drift on a copy of the reference, at the default threshold', () => {
      const r = test.execute(fx.reference(), fx.same());
      checkShape(test, r, t, 'identical sample');
      assert(!r.drifted, `drifted on identical data (${describeResult(r)})`);
    }),
    c('drifts on a strongly shifted sample, at the default threshold', () => {
      const r = test.execute(fx.reference(), fx.shifted());
      checkShape(test, r, t, 'shifted sample');
      assert(r.drifted, `missed a strong shift (${describeResult(r)})`);
    }),
    c('honours direction and threshold at the extremes', () => {
      const [drifting, calm] = test.direction === 'p-value' ? [1, 0] : [0, Number.MAX_VALUE];
      const hi = test.execute(fx.reference(), fx.shifted(), {}, drifting);
      checkShape(test, hi, drifting, `threshold ${drifting}`);
      assert(hi.drifted, `threshold ${drifting} must flag the shift (${describeResult(hi)})`);
      const lo = test.execute(fx.reference(), fx.shifted(), {}, calm);
      checkShape(test, lo, calm, `threshold ${calm}`);
      assert(!lo.drifted, `threshold ${calm} must never drift (${describeResult(lo)})`);
    }),
    c('answers empty and all-missing inputs with statistic NaN, not drifted, and a reason', () => {
      const cases: [DriftReference, DriftCurrent, string][] = [
        [fx.reference(), fx.empty(), 'empty current'],
        [fx.reference(), fx.allMissing(), 'all-missing current'],
        [fx.emptyReference(), fx.shifted(), 'empty reference'],
      ];
      for (const [ref, cur, label] of cases) {
        const r = test.execute(ref, cur);
        assert(Number.isNaN(r.statistic), `${label}: statistic must be NaN (${describeResult(r)})`);
        assert(!r.drifted, `${label}: must not drift`);
        assert(typeof r.details?.['reason'] === 'string', `${label}: details.reason must say why`);
      }
    }),
    c('ignores missing values (NaN / null) in the current window', () => {
      const clean = test.execute(fx.reference(), fx.shifted());
      const dirty = test.execute(fx.reference(), fx.withMissing());
      checkShape(test, dirty, t, 'with missing values');
      assert(
        sameNumber(clean.statistic, dirty.statistic) &&
          sameNumber(clean.pValue, dirty.pValue) &&
          clean.drifted === dirty.drifted,
        `missing values changed the result: ${describeResult(clean)} vs ${describeResult(dirty)}`,
      );
    }),
    c('handles constant columns', () => {
      const same = test.execute(fx.constantReference(), fx.constantCurrent());
      checkShape(test, same, t, 'constant vs same constant');
      assert(!same.drifted, `drifted on two identical constant columns (${describeResult(same)})`);
      const vsShifted = test.execute(fx.constantReference(), fx.shifted());
      checkShape(test, vsShifted, t, 'constant vs varied');
      const fromConstant = test.execute(fx.reference(), fx.constantCurrent());
      checkShape(test, fromConstant, t, 'varied vs constant');
    }),
  ];
}

function expectRejected(test: DriftTest, params: unknown): void {
  try {
    test.parseParams(params);
  } catch (e) {
    assert(
      e instanceof InvalidParamsError,
      `params ${JSON.stringify(params)}: expected InvalidParamsError`,
    );
    assert(e.fields.length > 0, 'InvalidParamsError must name the bad fields');
    return;
  }
  throw new ConformanceError(`params ${JSON.stringify(params)} were accepted`);
}

/**
 * The conformance cases for a plugin, as plain functions that throw on failure (usable from any
 * test runner). `runConformance` wraps them in jest's describe / it.
 */
export function conformanceCases(
  plugin: Plugin,
  options: ConformanceOptions = {},
): ConformanceCase[] {
  const n = options.size ?? 400;
  const cases: ConformanceCase[] = [
    {
      test: plugin.name,
      kind: 'all',
      name: `targets apiVersion ${SDK_API_VERSION} and finds each test by name`,
      check: () => {
        assert(plugin.apiVersion === SDK_API_VERSION, `apiVersion ${plugin.apiVersion}`);
        for (const t of plugin.tests) assert(plugin.getTest(t.name) === t, `getTest('${t.name}')`);
      },
    },
  ];
  for (const test of plugin.tests) {
    cases.push({
      test: test.name,
      kind: 'all',
      name: 'accepts {} (all params defaulted) and rejects bad params',
      check: () => {
        test.parseParams({});
        test.parseParams(undefined);
        for (const bad of [42, 'params', [1, 2], true]) expectRejected(test, bad);
        for (const bad of options.badParams?.[test.name] ?? []) expectRejected(test, bad);
      },
    });
    for (const kind of test.supports) cases.push(...casesForTest(test, kind, n));
  }
  return cases;
}

interface JestLike {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => void): void;
}

/**
 * Runs the conformance kit in the calling jest (or any describe / it runner) suite:
 * `runConformance(plugin)` at the top level of a spec file.
 */
export function runConformance(plugin: Plugin, options: ConformanceOptions = {}): void {
  const g = globalThis as unknown as Partial<JestLike>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function')
    throw new Error('runConformance needs describe / it globals (jest); use conformanceCases');
  const { describe, it } = g as JestLike;
  const cases = conformanceCases(plugin, options);
  describe(`conformance: ${plugin.name}@${plugin.version}`, () => {
    const byTest = new Map<string, ConformanceCase[]>();
    for (const c of cases) byTest.set(c.test, [...(byTest.get(c.test) ?? []), c]);
    for (const [test, list] of byTest) {
      describe(test, () => {
        for (const c of list)
          it(c.kind === 'all' ? c.name : `[${c.kind}] ${c.name}`, () => c.check());
      });
    }
  });
}
