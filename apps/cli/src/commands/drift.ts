import { AppError } from '@sextant/errors';
import type { ColumnDrift, DriftOptions, DriftReport, DriftTestOutcome } from '@sextant/monitoring';
import type { CliContext } from '../cli-context';
import { CliError } from '../output';
import { type CommandArgs, stringList, stringValue } from '../tracking/args';
import { formatMetric, table } from '../tracking/format';

/** The exit code of a report that found dataset drift (as `sextant gate` exits on a failed gate). */
export const DATASET_DRIFT_EXIT = 3;

const KINDS = ['numeric', 'categorical', 'binary', 'text_length'] as const;
type Kind = (typeof KINDS)[number];

function usage(message: string): CliError {
  return new CliError(message, 'USAGE', 2);
}

/** `--drift-share 0.5`: a share in (0, 1]. */
function parseShare(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^(?:0?\.\d+|[01](?:\.\d*)?)$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value > 0 && value <= 1))
    throw usage(`--drift-share must be a number above 0 and at most 1, not "${text}"`);
  return value;
}

/** `--kinds city=categorical,flag=binary`. */
function parseKinds(items: readonly string[]): Record<string, Kind> | undefined {
  if (items.length === 0) return undefined;
  const kinds: Record<string, Kind> = {};
  for (const item of items) {
    const at = item.lastIndexOf('=');
    const column = item.slice(0, at).trim();
    const kind = item.slice(at + 1).trim() as Kind;
    if (at <= 0 || !KINDS.includes(kind))
      throw usage(`--kinds takes column=kind with kind one of ${KINDS.join(', ')}, not "${item}"`);
    Object.defineProperty(kinds, column, { value: kind, enumerable: true });
  }
  return kinds;
}

function testLabel(t: DriftTestOutcome): string {
  return t.selection === 'automatic' ? `${t.test} (auto)` : t.test;
}

function kindLabel(c: ColumnDrift, t: DriftTestOutcome): string {
  return t.comparedAs === c.kind ? c.kind : `${c.kind} (as ${t.comparedAs})`;
}

function decision(t: DriftTestOutcome): string {
  if (t.error !== undefined) return `error: ${t.error}`;
  if (t.statistic !== t.statistic) {
    const reason = t.details?.['reason'];
    return `no value${typeof reason === 'string' ? ` (${reason})` : ''}`;
  }
  return t.drifted ? 'DRIFT' : 'no';
}

function reportLines(report: DriftReport, files: { reference: string; current: string }): string[] {
  const rows = report.columns.flatMap((c) =>
    c.tests.map((t) => [
      c.column,
      kindLabel(c, t),
      testLabel(t),
      formatMetric(t.statistic),
      t.pValue === undefined ? '' : formatMetric(t.pValue),
      formatMetric(t.threshold),
      decision(t),
    ]),
  );
  const percent = Math.round(report.driftedShare * 1000) / 10;
  return [
    `drift: ${files.current} against ${files.reference}`,
    '',
    ...table(['COLUMN', 'KIND', 'TEST', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'DRIFTED'], rows),
    '',
    `${report.driftedColumnCount} of ${report.columnCount} columns drifted (${percent}%); ` +
      `drift share ${formatMetric(report.driftShare)}: ` +
      (report.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'),
  ];
}

/**
 * `sextant drift --reference ref.csv --current cur.csv [--tests psi,ks] [--columns a,b]
 * [--kinds a=categorical] [--drift-share 0.5] [--json]`: a one-off drift report computed here,
 * with no server (for CI jobs). Prints a row per column and test, then the dataset drift share;
 * exits 3 on dataset drift, 2 for a bad command line or a bad CSV (a ragged row, an unknown
 * test, a column missing from one file).
 */
export async function driftCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const reference = stringValue(args, 'reference');
  const current = stringValue(args, 'current');
  if (reference === undefined || current === undefined)
    throw usage('give both files: sextant drift --reference ref.csv --current cur.csv');
  const tests = stringList(args, 'tests', true);
  const columns = stringList(args, 'columns', true);
  const driftShare = parseShare(stringValue(args, 'drift-share'));
  const kinds = parseKinds(stringList(args, 'kinds', true));
  const options: DriftOptions = {
    ...(tests.length > 0 ? { tests } : {}),
    ...(columns.length > 0 ? { columns } : {}),
    ...(kinds ? { kinds } : {}),
    ...(driftShare === undefined ? {} : { driftShare }),
  };
  // Loaded on demand: the statistics and plugins would slow every other command's start.
  const monitoring = await import('@sextant/monitoring');
  let report: DriftReport;
  try {
    const [ref, cur] = await Promise.all([
      monitoring.readCsvColumns(reference),
      monitoring.readCsvColumns(current),
    ]);
    report = monitoring.computeDrift({ ...options, reference: ref, current: cur });
  } catch (error) {
    // A bad file or a bad option is the command line's fault.
    if (error instanceof AppError && error.code === 'BAD_REQUEST')
      throw new CliError(error.message, error.code, 2);
    throw error;
  }
  ctx.out.result(monitoring.driftReportToJson(report), reportLines(report, { reference, current }));
  if (report.datasetDrift) process.exitCode = DATASET_DRIFT_EXIT;
}
