import { AppError } from '@sextant/errors';
import { SDK_API_VERSION, defineDriftTest, definePlugin } from '@sextant/plugin-sdk';
import { categoricalSample, normalSample } from '@sextant/plugin-sdk/testing';
import { stattestsPlugin } from '@sextant/plugin-stattests';
import { z } from 'zod';
import { computeDrift } from './compute-drift';
import { DriftTestRegistry, builtInDriftTests } from './drift-test-registry';
import type { ComputeDriftInput } from './drift.types';

// Reference values: libs/monitoring/test/reference_values.py (SciPy 1.17.1, numpy 2.4.6), on the
// same samples (the Python port of normalSample / categoricalSample).

function expectRel(actual: number | undefined, expected: number, rel: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const asNumbers = (values: readonly string[]) => Float64Array.from(values, Number);

/** A table of 800 reference rows and 600 current ones: Evidently's choices for ≤ 1000 rows. */
const small = {
  reference: {
    columns: {
      a: normalSample(31, 800, 10, 2),
      colour: categoricalSample(33, 800, ['red', 'green', 'blue'], [5, 3, 2]),
      flag: asNumbers(categoricalSample(35, 800, ['0', '1'], [7, 3])),
      level: asNumbers(categoricalSample(37, 800, ['1', '2', '3', '4'], [1, 2, 3, 4])),
    },
  },
  current: {
    columns: {
      a: normalSample(32, 600, 10.5, 2),
      colour: categoricalSample(34, 600, ['red', 'green', 'blue'], [4, 3, 3]),
      flag: asNumbers(categoricalSample(36, 600, ['0', '1'], [6, 4])),
      level: asNumbers(categoricalSample(38, 600, ['1', '2', '3', '4'], [1, 2, 3, 4])),
    },
  },
};

/** The BAD_REQUEST a call throws, as { message, fields }. */
function badRequest(call: () => unknown): { message: string; fields: Record<string, string> } {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('BAD_REQUEST');
    return {
      message: e.message,
      fields: Object.fromEntries(e.fields.map((f) => [f.path, f.message])),
    };
  }
  throw new Error('expected a BAD_REQUEST');
}

describe('computeDrift: kinds and the automatic choice', () => {
  const report = computeDrift(small);
  const column = (name: string) => report.columns.find((c) => c.column === name)!;

  it('detects kinds from the values', () => {
    // 1,400 distinct numbers: counted up to 1,000 (the automatic choice needs ≤ 5 or more).
    expect(report.columns.map((c) => [c.column, c.kind, c.distinct])).toEqual([
      ['a', 'numeric', 1001],
      ['colour', 'categorical', 3],
      ['flag', 'binary', 2],
      ['level', 'numeric', 4],
    ]);
    expect(report.columns.map((c) => c.distinctCapped)).toEqual([true, false, false, false]);
  });

  it('numeric, ≤ 1000 reference rows: KS (scipy ks_2samp 0.15666…, p 8.445e-08)', () => {
    const [ks] = column('a').tests;
    expect(ks).toMatchObject({ test: 'ks', selection: 'automatic', comparedAs: 'numeric' });
    expectRel(ks!.statistic, 0.15666666666666668, 1e-12);
    expectRel(ks!.pValue, 8.445388965839879e-8, 1e-8);
    expect(ks!.drifted).toBe(true);
  });

  it('categorical: χ² (scipy chisquare 41.311…, p 1.070e-09)', () => {
    const [chi] = column('colour').tests;
    expect(chi).toMatchObject({ test: 'chisquare', comparedAs: 'categorical', drifted: true });
    expectRel(chi!.statistic, 41.31118530970386, 1e-10);
    expectRel(chi!.pValue, 1.0700155510871211e-9, 1e-8);
  });

  it('0/1 numbers: binary, the z-test (z −2.9171…, p 0.003533)', () => {
    const [zt] = column('flag').tests;
    expect(zt).toMatchObject({ test: 'z', comparedAs: 'binary', drifted: true });
    expectRel(zt!.statistic, -2.9171225026726804, 1e-10);
    expectRel(zt!.pValue, 0.0035327699299897808, 1e-8);
  });

  it('numbers with ≤ 5 distinct values are compared as categories (χ² 1.2431…, p 0.7427)', () => {
    const [chi] = column('level').tests;
    expect(chi).toMatchObject({ test: 'chisquare', comparedAs: 'categorical', drifted: false });
    expectRel(chi!.statistic, 1.2431181627722676, 1e-10);
    expectRel(chi!.pValue, 0.7426824420041345, 1e-8);
  });

  it('the dataset: 3 of 4 columns drifted', () => {
    expect(report).toMatchObject({ columnCount: 4, driftedColumnCount: 3, datasetDrift: true });
    expect(report.driftedShare).toBe(0.75);
  });

  it('categories above 1000 reference rows: Jensen–Shannon (scipy 0.33319…)', () => {
    const r = computeDrift({
      reference: {
        columns: { g: categoricalSample(41, 3000, ['a', 'b', 'c', 'd'], [4, 3, 2, 1]) },
      },
      current: { columns: { g: categoricalSample(42, 2000, ['a', 'b', 'c', 'd'], [1, 2, 3, 4]) } },
    });
    const [js] = r.columns[0]!.tests;
    expect(js).toMatchObject({ test: 'jensenshannon', comparedAs: 'categorical', drifted: true });
    expectRel(js!.statistic, 0.3331914097168681, 1e-10);
  });

  it('true/false in any case is one binary column', () => {
    const r = computeDrift({
      reference: { columns: { ok: ['True', 'false', 'TRUE', null, 'False'] } },
      current: { columns: { ok: ['true', 'FALSE', 'true', 'true', 'false'] } },
    });
    expect(r.columns[0]).toMatchObject({
      kind: 'binary',
      distinct: 2,
      reference: { count: 4, missing: 1 },
      current: { count: 5, missing: 0 },
    });
  });

  it('takes kinds when given, and compares them so', () => {
    const r = computeDrift({
      ...small,
      columns: ['level', 'colour'],
      kinds: { level: 'categorical', colour: 'text_length' },
      tests: ['psi'],
    });
    expect(r.columns.map((c) => [c.column, c.kind, c.kindSource, c.tests[0]!.comparedAs])).toEqual([
      ['level', 'categorical', 'given', 'categorical'],
      ['colour', 'text_length', 'given', 'text_length'],
    ]);
    // The lengths of red / green / blue: 3, 5, 4 distinct.
    expect(r.columns[1]!.distinct).toBe(3);
  });

  it('a list of tests runs, on each column, those that support its kind', () => {
    const r = computeDrift({ ...small, tests: ['ks', 'chisquare'] });
    expect(
      r.columns.map((c) => [c.column, c.tests.map((t) => `${t.test}:${t.comparedAs}`)]),
    ).toEqual([
      ['a', ['ks:numeric']],
      ['colour', ['chisquare:categorical']],
      // 0/1 numbers are binary, and numbers: both tests apply.
      ['flag', ['ks:numeric', 'chisquare:binary']],
      ['level', ['ks:numeric']],
    ]);
  });

  it('per-column tests with params and thresholds; other columns get the automatic choice', () => {
    const r = computeDrift({
      ...small,
      tests: {
        a: { test: 'psi', params: { bins: 20 }, threshold: 0.5 },
        colour: { test: 'tvd' },
      },
    });
    const [psi] = r.columns[0]!.tests;
    expect(psi).toMatchObject({ test: 'psi', threshold: 0.5, details: { bins: 20 } });
    expect(r.columns[1]!.tests[0]).toMatchObject({ test: 'tvd', selection: 'given' });
    expect(r.columns[2]!.tests[0]).toMatchObject({ test: 'z', selection: 'automatic' });
  });

  it('reads ±Infinity as missing, as Evidently drops it', () => {
    const r = computeDrift({
      reference: { columns: { v: Float64Array.of(1, 2, 3, Infinity, 4, 5, 6) } },
      current: { columns: { v: Float64Array.of(1, 2, -Infinity, NaN, 4, 5, 6) } },
      tests: ['ks'],
    });
    expect(r.columns[0]).toMatchObject({
      reference: { count: 6, missing: 1 },
      current: { count: 5, missing: 2 },
    });
  });
});

describe('computeDrift: bad input is a BAD_REQUEST naming the field', () => {
  it('an unknown test, listing the known ones', () => {
    const list = badRequest(() => computeDrift({ ...small, tests: ['psi', 'kolmogorov'] }));
    expect(list.fields['tests.1']).toMatch(
      /unknown drift test 'kolmogorov'; known tests: psi, ks,/,
    );
    expect(list.message).toContain('tests.1');
    const record = badRequest(() => computeDrift({ ...small, tests: { a: { test: 'nope' } } }));
    expect(record.fields['tests.a.test']).toMatch(/unknown drift test 'nope'/);
    for (const name of stattestsPlugin.tests.map((t) => t.name))
      expect(record.fields['tests.a.test']).toContain(name);
  });

  it("params the test's schema rejects", () => {
    const e = badRequest(() =>
      computeDrift({ ...small, tests: { a: { test: 'psi', params: { bins: 1 } } } }),
    );
    expect(Object.keys(e.fields)).toEqual(['tests.a.params.bins']);
    expect(e.fields['tests.a.params.bins']).toMatch(/^psi: /);
    const notObject = badRequest(() =>
      computeDrift({ ...small, tests: { a: { test: 'ks', params: 'exact' } } }),
    );
    expect(Object.keys(notObject.fields)).toEqual(['tests.a.params']);
    const badEnum = badRequest(() =>
      computeDrift({ ...small, tests: { a: { test: 'ks', params: { method: 'fast' } } } }),
    );
    expect(Object.keys(badEnum.fields)).toEqual(['tests.a.params.method']);
  });

  it('a column missing on one side, naming it', () => {
    const e = badRequest(() =>
      computeDrift({
        reference: { columns: { a: Float64Array.of(1, 2), b: ['x', 'y'] } },
        current: { columns: { a: Float64Array.of(1, 2), c: ['x', 'y'] } },
      }),
    );
    expect(e.fields['current.columns.b']).toBe(
      "column 'b' is in reference but not in current; list the columns to compare in `columns`",
    );
    expect(e.fields['reference.columns.c']).toMatch(
      /column 'c' is in current but not in reference/,
    );
    const asked = badRequest(() => computeDrift({ ...small, columns: ['a', 'size'] }));
    expect(asked.fields).toEqual({ 'columns.1': "column 'size' is not in reference nor current" });
  });

  it('an empty column (every value missing) on either side', () => {
    const e = badRequest(() =>
      computeDrift({
        reference: { columns: { a: Float64Array.of(1, 2, 3), s: ['x', null, 'y'] } },
        current: { columns: { a: Float64Array.of(NaN, NaN), s: [null, null] } },
      }),
    );
    expect(e.fields).toEqual({
      'current.columns.a': "column 'a' has no values in current (all 2 missing)",
      'current.columns.s': "column 's' has no values in current (all 2 missing)",
    });
  });

  it('a table without rows, or with columns of different lengths', () => {
    const none = badRequest(() =>
      computeDrift({ reference: { columns: { a: new Float64Array(0) } }, current: small.current }),
    );
    expect(none.fields['reference.columns']).toBe('reference has no rows');
    const ragged = badRequest(() =>
      computeDrift({
        reference: { columns: { a: Float64Array.of(1, 2, 3), b: ['x', 'y'] } },
        current: { columns: { a: Float64Array.of(1, 2), b: ['x', 'y'] } },
      }),
    );
    expect(ragged.fields['reference.columns.b']).toMatch(
      /has 2 values in reference, but 'a' has 3/,
    );
  });

  it('numbers on one side and strings on the other, unless given as categories', () => {
    const input: ComputeDriftInput = {
      reference: { columns: { zip: Float64Array.of(1234, 5678, 1234) } },
      current: { columns: { zip: ['01234', '05678', 'n/a-zone'] } },
    };
    const e = badRequest(() => computeDrift(input));
    expect(e.fields['current.columns.zip']).toMatch(
      /holds strings \(e\.g\. '01234'\) in current but numbers in reference; give kinds\.zip = 'categorical'/,
    );
    const r = computeDrift({ ...input, kinds: { zip: 'categorical' } });
    expect(r.columns[0]).toMatchObject({ kind: 'categorical', distinct: 5 });
  });

  it('kinds the values cannot take, tests that do not compare the kind, stray keys', () => {
    const e = badRequest(() =>
      computeDrift({
        ...small,
        kinds: { colour: 'numeric', level: 'binary', nope: 'numeric' },
        tests: { a: { test: 'chisquare' }, ghost: { test: 'ks' } },
      }),
    );
    expect(e.fields).toEqual({
      'kinds.nope': "'nope' is not a compared column",
      'tests.ghost': "'ghost' is not a compared column",
    });
    const kinds = badRequest(() =>
      computeDrift({
        ...small,
        kinds: { colour: 'numeric', level: 'binary', a: 'text_length' },
        tests: { flag: { test: 'ks' }, a: { test: 'z' } },
      }),
    );
    expect(kinds.fields).toMatchObject({
      'kinds.colour': "'numeric' needs numbers, but column 'colour' holds strings in reference",
      'kinds.level': "'binary' needs at most 2 distinct values, column 'level' has 4",
      'kinds.a': "'text_length' needs strings, but column 'a' holds numbers in reference",
    });
    const unsupported = badRequest(() =>
      computeDrift({ ...small, tests: { colour: { test: 'ks' } } }),
    );
    expect(unsupported.fields['tests.colour.test']).toBe(
      "ks does not compare column 'colour' (categorical); it supports numeric, text_length",
    );
    const none = badRequest(() => computeDrift({ ...small, tests: ['ks', 'wasserstein'] }));
    expect(none.fields['tests']).toMatch(/none of ks, wasserstein compares column 'colour'/);
  });

  it('option values zod rejects', () => {
    const e = badRequest(() =>
      computeDrift({ ...small, driftShare: 0, columns: ['a', 'a'], tests: [] }),
    );
    expect(Object.keys(e.fields).sort()).toEqual(['columns', 'driftShare', 'tests']);
  });
});

describe('computeDrift with other plugins', () => {
  const throwing = defineDriftTest({
    name: 'always-throws',
    version: '1.0.0',
    supports: ['numeric'],
    params: z.object({}),
    defaultThreshold: 0.1,
    direction: 'distance',
    run() {
      throw new Error('boom');
    },
  });
  const plugin = definePlugin({
    name: '@acme/flaky',
    version: '1.0.0',
    apiVersion: SDK_API_VERSION,
    tests: [throwing],
  });

  it('a test that throws fails only its own result', () => {
    const registry = builtInDriftTests().register(plugin);
    const r = computeDrift({ ...small, columns: ['a'], tests: ['always-throws', 'ks'] }, registry);
    const [bad, ks] = r.columns[0]!.tests;
    expect(bad).toMatchObject({
      test: 'always-throws',
      plugin: '@acme/flaky',
      drifted: false,
      error: 'boom',
    });
    expect(bad!.statistic).toBeNaN();
    expect(ks).toMatchObject({ test: 'ks', plugin: '@sextant/plugin-stattests', drifted: true });
    expect(r.columns[0]!.drifted).toBe(true);
  });

  it('the registry refuses a second test of the same name', () => {
    const registry = new DriftTestRegistry().register(plugin);
    expect(() => registry.register(plugin)).toThrow(
      "Plugin @acme/flaky: drift test names already registered: 'always-throws' (@acme/flaky)",
    );
    expect(registry.list()).toEqual([
      {
        name: 'always-throws',
        version: '1.0.0',
        description: undefined,
        supports: ['numeric'],
        direction: 'distance',
        defaultThreshold: 0.1,
        plugin: '@acme/flaky',
        pluginVersion: '1.0.0',
      },
    ]);
    expect(builtInDriftTests().names()).toHaveLength(15);
  });
});
