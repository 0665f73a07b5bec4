import { type RouterOutputs, TRPCClientError } from '@sextant/client';
import type { CliContext } from '../cli-context';
import { CliError } from '../output';
import { type CommandArgs, parseInteger, stringList, stringValue } from '../tracking/args';
import { openSession } from '../tracking/context';
import { clean, formatBytes, formatMetric, formatTime, shortId, table } from '../tracking/format';
import { resolveRunId } from '../tracking/run-ref';

type SearchOutput = RouterOutputs['tracking']['runs']['search'];
type RunSummary = SearchOutput['runs'][number];

/** `runs list` shows at most this many metric and param columns unless --columns names them. */
const AUTO_COLUMNS = 12;
const PAGE = 1000;
const COLUMN = /^(metrics|params|tags)\.(.+)$/;

/** A column of the runs table beyond id, name, status and start. */
interface ValueColumn {
  readonly entity: 'metrics' | 'params' | 'tags';
  readonly key: string;
}

/** The columns --columns names, or null when it is not given; a usage error for a bad name. */
function namedColumns(args: CommandArgs): ValueColumn[] | null {
  const named = stringList(args, 'columns', true);
  if (!named.length) return null;
  return named.map((name) => {
    const m = COLUMN.exec(name);
    if (!m) {
      throw new CliError(
        `--columns takes metrics.<key>, params.<key> or tags.<key>, not "${name}"`,
        'USAGE',
        2,
      );
    }
    return { entity: m[1] as ValueColumn['entity'], key: m[2]! };
  });
}

/** The metrics, then the params, that the runs of the page have (at most AUTO_COLUMNS). */
function pageColumns(runs: readonly RunSummary[]): { columns: ValueColumn[]; hidden: number } {
  const keys = (entity: 'metrics' | 'params') =>
    [...new Set(runs.flatMap((r) => Object.keys(r[entity])))].sort().map((key) => ({
      entity,
      key,
    }));
  const all = [...keys('metrics'), ...keys('params')];
  return { columns: all.slice(0, AUTO_COLUMNS), hidden: Math.max(0, all.length - AUTO_COLUMNS) };
}

function cell(run: RunSummary, column: ValueColumn): string {
  if (column.entity === 'metrics') return formatMetric(run.metrics[column.key]);
  return run[column.entity][column.key] ?? '';
}

/** A bad filter's message, with the filter and a caret under the fault for the terminal. */
function explainFilterError(error: unknown, filter: string | undefined): never {
  if (error instanceof TRPCClientError && filter !== undefined) {
    const data = error.data as {
      fields?: { path: string }[];
      details?: { position?: unknown };
    } | null;
    const position = data?.details?.position;
    if (data?.fields?.[0]?.path === 'filter' && typeof position === 'number') {
      throw new CliError(
        `${error.message}\n  ${clean(filter)}\n  ${' '.repeat(clean(filter.slice(0, position)).length)}^`,
        'BAD_REQUEST',
      );
    }
  }
  throw error;
}

/**
 * `sextant runs list [--experiment E]... [--filter F] [--order-by "metrics.auc DESC"]...
 * [--limit N] [--view active|deleted|all] [--columns metrics.a,params.b]`: the runs of the
 * project matching the filter, as a table (id, name, status, start and the metrics and params
 * in the page, or the --columns), or with --json `{ runs, total, nextCursor }`.
 */
export async function runsListCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const limit = parseInteger('limit', stringValue(args, 'limit'), { min: 1, max: 100_000 }) ?? 100;
  const view = stringValue(args, 'view') ?? 'active';
  if (view !== 'active' && view !== 'deleted' && view !== 'all') {
    throw new CliError(`--view must be active, deleted or all, not "${view}"`, 'USAGE', 2);
  }
  const experiments = stringList(args, 'experiment');
  const orderBy = stringList(args, 'order-by');
  const filter = stringValue(args, 'filter');
  const named = namedColumns(args);
  const session = await openSession(ctx, args);

  const fetchPage = (size: number, cursor: string | undefined) =>
    session
      .call((client) =>
        client.tracking.runs.search.query({
          project: session.project,
          ...(experiments.length ? { experiments } : {}),
          ...(filter !== undefined ? { filter } : {}),
          ...(orderBy.length ? { orderBy } : {}),
          view,
          limit: size,
          ...(cursor ? { cursor } : {}),
        }),
      )
      .catch((error: unknown) =>
        ctx.out.json ? Promise.reject(error) : explainFilterError(error, filter),
      );
  let page = await fetchPage(Math.min(PAGE, limit), undefined);
  const runs: RunSummary[] = [...page.runs];
  while (page.nextCursor && runs.length < limit) {
    page = await fetchPage(Math.min(PAGE, limit - runs.length), page.nextCursor);
    runs.push(...page.runs);
  }
  const result = { runs, total: page.total, nextCursor: page.nextCursor };

  const { columns, hidden } = named ? { columns: named, hidden: 0 } : pageColumns(runs);
  const header = [
    'ID',
    'NAME',
    'STATUS',
    'START (UTC)',
    ...columns.map((c) => `${c.entity}.${c.key}`),
  ];
  const rows = runs.map((r) => [
    shortId(r.id),
    r.name,
    r.status,
    formatTime(r.startTime),
    ...columns.map((c) => cell(r, c)),
  ]);
  const lines = runs.length ? table(header, rows) : [];
  lines.push(
    runs.length === 0
      ? `no runs in project "${clean(session.project)}"${filter ? ' match the filter' : ''}`
      : `${runs.length} of ${page.total} run${page.total === 1 ? '' : 's'}${page.nextCursor ? ' (more with --limit)' : ''}`,
  );
  if (hidden && !ctx.out.json) {
    ctx.out.note(`${hidden} more metric/param columns not shown: pick them with --columns`);
  }
  ctx.out.result(result, lines);
}

function codeLine(code: RunSummary['code']): string {
  if (!code.commit && !code.repository && !code.branch) return '-';
  const parts = [
    code.commit ? code.commit.slice(0, 12) : 'unknown commit',
    code.dirty ? '(uncommitted changes)' : '',
    code.branch ? `on ${code.branch}` : '',
    code.repository ? `of ${code.repository}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** Rows under a section title, aligned and indented; `-` when there are none. */
function indented(rows: readonly (readonly string[])[]): string[] {
  if (!rows.length) return ['  -'];
  return table(
    rows[0]!.map(() => ''),
    rows,
  )
    .slice(1)
    .map((l) => `  ${l}`);
}

function keyValues(record: Record<string, string>): string[] {
  return indented(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]!]),
  );
}

/**
 * `sextant runs show <runId>`: the run, its code version, params, tags, latest metrics,
 * datasets and artifacts. --json: the run as `runs.get` gives it, with `artifacts`.
 */
export async function runsShowCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const runId = await resolveRunId(session, args.positionals[0]!);
  const [run, artifacts] = await session.call((client) =>
    Promise.all([
      client.tracking.runs.get.query({ project: session.project, runId }),
      client.tracking.artifacts.list.query({ project: session.project, runId }),
    ]),
  );
  const lines = [
    `run         ${run.name}`,
    `id          ${run.id}`,
    `experiment  ${run.experimentName}`,
    `status      ${run.status}${run.deletedAt ? ' (deleted)' : ''}`,
    `start       ${formatTime(run.startTime)} UTC`,
    `end         ${run.endTime ? `${formatTime(run.endTime)} UTC` : '-'}`,
    `code        ${codeLine(run.code)}`,
    'params',
    ...keyValues(run.params),
    'tags',
    ...keyValues(run.tags),
    'metrics (latest)',
    ...indented(
      [...run.latestMetrics]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((m) => [m.key, formatMetric(m.value), `step ${m.step}`]),
    ),
    'datasets',
    ...indented(
      run.inputs.map((d) => [d.name, `v${d.version}`, d.role, `sha256 ${d.sha256.slice(0, 12)}`]),
    ),
    'artifacts',
    ...indented(artifacts.map((a) => [a.path, formatBytes(a.size)])),
  ];
  ctx.out.result({ ...run, artifacts }, lines.map(clean));
}

/**
 * `sextant runs compare <runId> <runId>...` (2 to 10 runs): params, a `*` before those that
 * differ, and metrics side by side. --json: `runs.compare`'s answer.
 */
export async function runsCompareCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  if (args.positionals.length < 2 || args.positionals.length > 10) {
    throw new CliError('`sextant runs compare` takes 2 to 10 run ids', 'USAGE', 2);
  }
  const session = await openSession(ctx, args);
  const runIds: string[] = [];
  for (const ref of args.positionals) runIds.push(await resolveRunId(session, ref));
  const compared = await session.call((client) =>
    client.tracking.runs.compare.query({ project: session.project, runIds }),
  );
  const header = ['', '', ...compared.runs.map((r) => r.name)];
  const rows: string[][] = [
    ['', 'id', ...compared.runs.map((r) => shortId(r.id))],
    ['', 'status', ...compared.runs.map((r) => r.status)],
  ];
  if (compared.params.length) rows.push(['', 'params']);
  for (const p of compared.params) {
    rows.push([p.differs ? '*' : '', `  ${p.key}`, ...p.values.map((v) => v ?? '-')]);
  }
  if (compared.metrics.length) rows.push(['', 'metrics']);
  for (const m of compared.metrics) {
    rows.push(['', `  ${m.key}`, ...m.values.map((v) => (v === null ? '-' : formatMetric(v)))]);
  }
  const lines = table(header, rows);
  if (compared.params.some((p) => p.differs)) lines.push('* the runs differ in this param');
  ctx.out.result(compared, lines);
}
