import type { ColumnKind, DriftCurrent, DriftReference } from '@sextant/plugin-sdk';
import { chooseTest } from '@sextant/plugin-stattests';
import { DISTINCT_LIMIT, DriftColumn } from './drift-column';
import {
  type RegisteredDriftTest,
  type DriftTestRegistry,
  builtInDriftTests,
} from './drift-test-registry';
import {
  type ColumnDrift,
  type ComputeDriftInput,
  DEFAULT_DRIFT_SHARE,
  type DriftColumnValues,
  type DriftOptions,
  type DriftReport,
  type DriftTable,
  type DriftTestOutcome,
  type TestSelection,
  driftOptions,
} from './drift.types';
import { Problems, parseOrThrow } from './problems';

type Side = 'reference' | 'current';

/** A test planned on a column: which, with what params and threshold, compared as what. */
interface PlannedTest {
  entry: RegisteredDriftTest;
  params: unknown;
  threshold: number | undefined;
  selection: TestSelection;
  as: ColumnKind;
}

let builtIns: DriftTestRegistry | undefined;

/** A table's columns by name, checked: at least one row, one value per row in every column. */
function tableColumns(
  table: DriftTable,
  side: Side,
  problems: Problems,
): Map<string, DriftColumnValues> {
  const columns = new Map(Object.entries(table.columns));
  const [first] = columns;
  if (!first) {
    problems.add(`${side}.columns`, `${side} has no columns`);
    return columns;
  }
  const rows = first[1].length;
  if (rows === 0) problems.add(`${side}.columns`, `${side} has no rows`);
  for (const [name, values] of columns) {
    if (values.length !== rows)
      problems.add(
        `${side}.columns.${name}`,
        `column '${name}' has ${values.length} values in ${side}, but '${first[0]}' has ${rows} (a table holds one value per row in every column)`,
      );
  }
  return columns;
}

/** The compared columns: those asked for, else every column; each must be on both sides. */
function comparedColumns(
  options: DriftOptions,
  reference: Map<string, unknown>,
  current: Map<string, unknown>,
  problems: Problems,
): string[] {
  if (options.columns) {
    options.columns.forEach((name, i) => {
      const missing = (['reference', 'current'] as const).filter(
        (side) => !(side === 'reference' ? reference : current).has(name),
      );
      if (missing.length > 0)
        problems.add(`columns.${i}`, `column '${name}' is not in ${missing.join(' nor ')}`);
    });
    return options.columns;
  }
  const names = [...new Set([...reference.keys(), ...current.keys()])];
  for (const name of names) {
    const [inSide, outSide]: [Side, Side] = reference.has(name)
      ? ['reference', 'current']
      : ['current', 'reference'];
    if (!(outSide === 'reference' ? reference : current).has(name))
      problems.add(
        `${outSide}.columns.${name}`,
        `column '${name}' is in ${inSide} but not in ${outSide}; list the columns to compare in \`columns\``,
      );
  }
  return names;
}

/** Record keys (`tests`, `kinds`) must name compared columns. */
function checkKeys(
  field: string,
  record: Record<string, unknown> | undefined,
  compared: ReadonlySet<string>,
  problems: Problems,
): void {
  for (const key of Object.keys(record ?? {}))
    if (!compared.has(key)) problems.add(`${field}.${key}`, `'${key}' is not a compared column`);
}

function describeKind(column: DriftColumn): string {
  return `${column.kind}${column.kindSource === 'given' ? ', given' : ''}`;
}

/** The tests of one column: the one given for it, those of the list that apply, or Evidently's choice. */
function planColumn(
  column: DriftColumn,
  options: DriftOptions,
  listed: readonly RegisteredDriftTest[] | undefined,
  registry: DriftTestRegistry,
  problems: Problems,
): PlannedTest[] {
  const tests = options.tests;
  if (tests !== undefined && !Array.isArray(tests) && Object.hasOwn(tests, column.name)) {
    const spec = tests[column.name]!;
    const path = `tests.${column.name}`;
    const entry = registry.lookup(spec.test, `${path}.test`, problems);
    if (!entry) return [];
    const params = registry.parseParams(entry, spec.params, `${path}.params`, problems);
    const as = column.comparedAs(entry.test.supports);
    if (as === undefined) {
      problems.add(
        `${path}.test`,
        `${entry.test.name} does not compare column '${column.name}' (${describeKind(column)}); it supports ${entry.test.supports.join(', ')}`,
      );
      return [];
    }
    return [{ entry, params, threshold: spec.threshold, selection: 'given', as }];
  }
  if (listed !== undefined) {
    const planned: PlannedTest[] = [];
    for (const entry of listed) {
      const as = column.comparedAs(entry.test.supports);
      if (as !== undefined)
        planned.push({ entry, params: {}, threshold: undefined, selection: 'given', as });
    }
    if (planned.length === 0 && listed.length > 0)
      problems.add(
        'tests',
        `none of ${listed.map((e) => e.test.name).join(', ')} compares column '${column.name}' (${describeKind(column)}); give this column its own test, or leave it out of \`columns\``,
      );
    return planned;
  }
  const choice = chooseTest(column.kind, column.reference.count, column.distinct);
  const entry = registry.get(choice.test);
  if (!entry) throw new Error(`the automatic choice '${choice.test}' is not registered`);
  return [
    { entry, params: {}, threshold: undefined, selection: 'automatic', as: choice.columnKind },
  ];
}

/** Runs one test; a test that throws or answers nonsense fails only its own result. */
function runTest(
  planned: PlannedTest,
  reference: DriftReference,
  current: DriftCurrent,
): DriftTestOutcome {
  const { test, plugin } = planned.entry;
  const base = {
    test: test.name,
    version: test.version,
    plugin: plugin.name,
    selection: planned.selection,
    comparedAs: planned.as,
    direction: test.direction,
  };
  const threshold = planned.threshold ?? test.defaultThreshold;
  try {
    const r = test.execute(reference, current, planned.params, threshold);
    if (typeof r?.statistic !== 'number' || typeof r.drifted !== 'boolean')
      throw new Error('the test returned no statistic or decision');
    return {
      ...base,
      statistic: r.statistic,
      ...(typeof r.pValue === 'number' ? { pValue: r.pValue } : {}),
      threshold: typeof r.threshold === 'number' ? r.threshold : threshold,
      drifted: r.drifted,
      ...(r.details ? { details: r.details } : {}),
    };
  } catch (error) {
    return {
      ...base,
      statistic: NaN,
      threshold,
      drifted: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * A one-off drift report of `current` against `reference`, column by column, as Evidently's
 * data-drift preset computes it: per column its kind (detected from the values, or given in
 * `kinds`), the tests (one per column in `tests`, a list for every column, else Evidently's
 * automatic choice by kind, reference size and distinct values), each test's statistic,
 * p-value, threshold and decision; a column drifts when any of its tests drifts, and the dataset
 * drifts when the share of drifted columns is at least `driftShare` (0.5).
 *
 * Pure. Each column's reference profile is built once and its current window sorted once, shared
 * by all its tests. Bad input — an unknown test, params its schema rejects, a column missing on
 * one side or without any value, ragged columns — throws one BAD_REQUEST AppError naming every
 * bad field (`tests.<column>.params.<field>`, `current.columns.<column>`, …).
 */
export function computeDrift(
  input: ComputeDriftInput,
  registry: DriftTestRegistry = (builtIns ??= builtInDriftTests()),
): DriftReport {
  const { plans, options } = planDrift(input, registry);
  const outcomes = plans.map(({ column, tests }) =>
    tests.map((planned) => {
      const inputs = column.inputs(planned.as);
      return runTest(planned, inputs.reference, inputs.current);
    }),
  );
  return assemble(plans, outcomes, options.driftShare);
}

/** Runs a test off the main thread (a third-party plugin's, in the worker pool). */
export type OffThreadRun = (
  test: string,
  reference: DriftReference,
  current: DriftCurrent,
  params: unknown,
  threshold: number,
) => Promise<
  | {
      statistic: number;
      pValue?: number;
      threshold: number;
      drifted: boolean;
      details?: Record<string, unknown>;
    }
  | { error: string }
>;

/**
 * `computeDrift` with the tests `offThread` names run through `run` (the plugin worker pool):
 * a plugin that throws, hangs, exhausts its memory or exits fails only its own result.
 */
export async function computeDriftAsync(
  input: ComputeDriftInput,
  registry: DriftTestRegistry,
  offThread: (test: string) => boolean,
  run: OffThreadRun,
): Promise<DriftReport> {
  const { plans, options } = planDrift(input, registry);
  const outcomes = await Promise.all(
    plans.map(({ column, tests }) =>
      Promise.all(
        tests.map(async (planned) => {
          const inputs = column.inputs(planned.as);
          if (!offThread(planned.entry.test.name)) {
            return runTest(planned, inputs.reference, inputs.current);
          }
          const { test, plugin } = planned.entry;
          const threshold = planned.threshold ?? test.defaultThreshold;
          const base = {
            test: test.name,
            version: test.version,
            plugin: plugin.name,
            selection: planned.selection,
            comparedAs: planned.as,
            direction: test.direction,
          };
          const r = await run(
            test.name,
            inputs.reference,
            inputs.current,
            planned.params,
            threshold,
          );
          if ('error' in r)
            return { ...base, statistic: NaN, threshold, drifted: false, error: r.error };
          return {
            ...base,
            statistic: r.statistic,
            ...(typeof r.pValue === 'number' ? { pValue: r.pValue } : {}),
            threshold: r.threshold,
            drifted: r.drifted,
            ...(r.details ? { details: r.details } : {}),
          } satisfies DriftTestOutcome;
        }),
      ),
    ),
  );
  return assemble(plans, outcomes, options.driftShare);
}

/** Checks the request and plans each column's tests (throws one 400 naming every problem). */
function planDrift(input: ComputeDriftInput, registry: DriftTestRegistry) {
  const options = parseOrThrow(driftOptions, {
    columns: input.columns,
    tests: input.tests,
    kinds: input.kinds,
    driftShare: input.driftShare,
  });
  const problems = new Problems();
  const reference = tableColumns(input.reference, 'reference', problems);
  const current = tableColumns(input.current, 'current', problems);
  const names = comparedColumns(options, reference, current, problems);
  const compared = new Set(names);
  checkKeys('kinds', options.kinds, compared, problems);
  const list = Array.isArray(options.tests) ? options.tests : undefined;
  const listed = list?.flatMap((name, i) => {
    if (list.indexOf(name) !== i) {
      problems.add(`tests.${i}`, `'${name}' is listed twice`);
      return [];
    }
    const entry = registry.lookup(name, `tests.${i}`, problems);
    return entry ? [entry] : [];
  });
  if (!Array.isArray(options.tests)) checkKeys('tests', options.tests, compared, problems);
  problems.throwIfAny();

  const plans: { column: DriftColumn; tests: PlannedTest[] }[] = [];
  for (const name of names) {
    const column = DriftColumn.prepare(
      name,
      reference.get(name)!,
      current.get(name)!,
      options.kinds && Object.hasOwn(options.kinds, name) ? options.kinds[name] : undefined,
      problems,
    );
    if (column)
      plans.push({ column, tests: planColumn(column, options, listed, registry, problems) });
  }
  problems.throwIfAny();
  return { plans, options };
}

/** The report from each column's outcomes. */
function assemble(
  plans: readonly { column: DriftColumn; tests: PlannedTest[] }[],
  outcomes: readonly DriftTestOutcome[][],
  share: number | undefined,
): DriftReport {
  const columns: ColumnDrift[] = plans.map(({ column }, i) => ({
    column: column.name,
    kind: column.kind,
    kindSource: column.kindSource,
    reference: column.reference,
    current: column.current,
    distinct: column.distinct,
    distinctCapped: column.distinct > DISTINCT_LIMIT,
    drifted: outcomes[i]!.some((o) => o.drifted),
    tests: outcomes[i]!,
  }));
  const driftedColumnCount = columns.filter((c) => c.drifted).length;
  const driftShare = share ?? DEFAULT_DRIFT_SHARE;
  const driftedShare = driftedColumnCount / columns.length;
  return {
    columns,
    columnCount: columns.length,
    driftedColumnCount,
    driftedShare,
    driftShare,
    datasetDrift: driftedShare >= driftShare,
  };
}
