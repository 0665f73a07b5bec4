'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { apiProblem } from '../../lib/api-error';
import { filterProblem } from '../../lib/filter-error';
import { useLocalStorage } from '../../lib/local-storage';
import { formatMetric } from '../../lib/metric-value';
import {
  type ColumnChoice,
  type ColumnRef,
  MAX_COMPARED,
  RUNS_PAGE_SIZE,
  type Sort,
  columnsStorageKey,
  defaultColumns,
  duration,
  keysOf,
  nextSort,
  orderByOf,
  pageRange,
  parseColumnChoice,
  sameColumn,
  sortFromParams,
  sortToParams,
  toggleSelected,
} from '../../lib/runs-table';
import { compareHref, experimentsHref, runHref } from '../../lib/tracking-links';
import {
  type RunSummary,
  type RunsQuery,
  runsPageQuery,
  useExperiment,
  useRunsPage,
} from '../../lib/tracking-hooks';
import { when } from '../_components/forms';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { Tags } from '../experiments/tags';
import { ColumnChooser } from './column-chooser';
import { FilterBox, type RefusedFilter } from './filter-box';
import { StatusBadge } from './status-badge';

/** `/runs?experiment=…`: the runs table of one experiment (of the whole project without one). */
export function RunsView() {
  const scope = useProjectScope();
  const params = useSearchParams();
  if (!scope.project) {
    return (
      <>
        <h1>Runs</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return <RunsTable project={scope.project} experiment={params.get('experiment')} />;
}

const SELECT_REASON = `Select 2 to ${MAX_COMPARED} runs to compare`;

function RunsTable({ project, experiment }: { project: string; experiment: string | null }) {
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const filter = params.get('filter') ?? '';
  const sortParam = params.get('sort');
  const dirParam = params.get('dir');
  const sort = useMemo(() => sortFromParams(sortParam, dirParam), [sortParam, dirParam]);
  const query = useMemo<RunsQuery>(
    () => ({ experiment, filter, orderBy: orderByOf(sort) }),
    [experiment, filter, sort],
  );
  const queryId = JSON.stringify(query);

  // Cursors of the pages visited for this query; the last one is the page shown. Another query
  // (filter, sort) starts again at page 1.
  const [paging, setPaging] = useState<{ id: string; cursors: (string | null)[] }>({
    id: queryId,
    cursors: [null],
  });
  const cursors = paging.id === queryId ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useRunsPage(project, query, cursor);
  const info = useExperiment(project, experiment);

  const [refused, setRefused] = useState<RefusedFilter | null>(null);
  const [trying, setTrying] = useState(false);
  const [selected, setSelected] = useState<{ id: string; name: string }[]>([]);

  const runs = useMemo(() => page.data?.runs ?? [], [page.data]);
  const metricKeys = useMemo(() => keysOf(runs.map((r) => r.metrics)), [runs]);
  const paramKeys = useMemo(() => keysOf(runs.map((r) => r.params)), [runs]);
  const [storedColumns, storeColumns] = useLocalStorage(
    columnsStorageKey(project, experiment ?? '*'),
  );
  const columns: ColumnChoice =
    parseColumnChoice(storedColumns) ?? defaultColumns(metricKeys, paramKeys);

  const setUrl = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    // The History API, not router.replace: Next keeps useSearchParams in step without a round
    // trip to its server for the page, so a sort or filter costs only the search itself.
    window.history.replaceState(null, '', `/runs?${next.toString()}`);
  };

  const applyFilter = (draft: string) => {
    const trimmed = draft.trim();
    if (trimmed === filter.trim()) {
      setRefused(null);
      void page.refetch();
      return;
    }
    // Try the filter first: a refused one leaves the table (and the URL) as they were.
    setTrying(true);
    queryClient
      .fetchQuery(runsPageQuery(project, { ...query, filter: trimmed }, null))
      .then(
        () => {
          setRefused(null);
          setUrl({ filter: trimmed || null });
        },
        (error: unknown) => setRefused({ filter: draft, error }),
      )
      .finally(() => setTrying(false));
  };

  const sortBy = (column: ColumnRef) => {
    const next = sortToParams(nextSort(sort, column));
    setUrl({ sort: next.sort, dir: next.dir });
  };

  // A bad filter in the URL itself (a shared link, an edited address) shows as a refused one.
  const urlRefused: RefusedFilter | null =
    !refused && page.error && filterProblem(page.error) ? { filter, error: page.error } : null;
  const shownRefusal = refused ?? urlRefused;
  const otherError = page.error && !filterProblem(page.error) ? page.error : null;

  const total = page.data?.total ?? 0;
  const offset = (cursors.length - 1) * RUNS_PAGE_SIZE;
  const selectedIds = selected.map((s) => s.id);
  const toggle = (run: RunSummary) => {
    const ids = toggleSelected(selectedIds, run.id);
    setSelected(ids.map((id) => selected.find((s) => s.id === id) ?? { id, name: run.name }));
  };
  const title = experiment ?? 'All runs';

  return (
    <>
      <p className="breadcrumb">
        <Link href={experimentsHref(project)}>Experiments</Link> / {title}
      </p>
      <h1>{title}</h1>
      {info.data && (
        <p className="lead">
          {info.data.description ?? 'No description.'}{' '}
          {Object.keys(info.data.tags).length > 0 && <Tags tags={info.data.tags} />}
        </p>
      )}
      {info.error && (
        <p className="error" role="alert">
          {apiProblem(info.error).message}
        </p>
      )}

      <div className="runs-toolbar">
        <FilterBox applied={filter} refused={shownRefusal} onApply={applyFilter} busy={trying} />
        <ColumnChooser
          metricKeys={[...new Set([...metricKeys, ...columns.metrics])]}
          paramKeys={[...new Set([...paramKeys, ...columns.params])]}
          chosen={columns}
          onChange={(next) => storeColumns(JSON.stringify(next))}
          onReset={() => storeColumns(null)}
        />
      </div>

      <div className="compare-bar" aria-live="polite">
        <span className="muted" data-testid="selection">
          {selected.length === 0
            ? 'Select runs to compare them.'
            : `${selected.length} selected: ${selected.map((s) => s.name).join(', ')}`}
        </span>
        {selected.length > 0 && (
          <button type="button" className="secondary" onClick={() => setSelected([])}>
            Clear selection
          </button>
        )}
        {selected.length >= 2 ? (
          <Link className="button" href={compareHref(project, selectedIds)}>
            Compare {selected.length} runs
          </Link>
        ) : (
          <button type="button" disabled title={SELECT_REASON}>
            Compare
          </button>
        )}
      </div>

      {otherError && (
        <p className="error" role="alert">
          {apiProblem(otherError).message}
        </p>
      )}

      <div className="table-scroll">
        <table
          className="runs-table"
          data-testid="runs-table"
          aria-busy={page.isFetching ? true : undefined}
          data-stale={page.isPlaceholderData ? 'true' : undefined}
        >
          <thead>
            <tr>
              <th rowSpan={2} className="check-col">
                <span className="visually-hidden">Select</span>
              </th>
              <SortHeader
                label="Run"
                column={{ kind: 'attribute', key: 'run_name' }}
                sort={sort}
                onSort={sortBy}
                rowSpan={2}
              />
              <SortHeader
                label="Status"
                column={{ kind: 'attribute', key: 'status' }}
                sort={sort}
                onSort={sortBy}
                rowSpan={2}
              />
              <SortHeader
                label="Started"
                column={{ kind: 'attribute', key: 'start_time' }}
                sort={sort}
                onSort={sortBy}
                rowSpan={2}
              />
              <th rowSpan={2}>Duration</th>
              {columns.metrics.length > 0 && (
                <th colSpan={columns.metrics.length} className="group group-metrics">
                  Metrics
                </th>
              )}
              {columns.params.length > 0 && (
                <th colSpan={columns.params.length} className="group group-params">
                  Params
                </th>
              )}
            </tr>
            <tr>
              {columns.metrics.map((key) => (
                <SortHeader
                  key={`m:${key}`}
                  label={key}
                  column={{ kind: 'metric', key }}
                  sort={sort}
                  onSort={sortBy}
                  numeric
                />
              ))}
              {columns.params.map((key) => (
                <SortHeader
                  key={`p:${key}`}
                  label={key}
                  column={{ kind: 'param', key }}
                  sort={sort}
                  onSort={sortBy}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const checked = selectedIds.includes(run.id);
              const full = !checked && selected.length >= MAX_COMPARED;
              return (
                <tr key={run.id} data-selected={checked ? 'true' : undefined}>
                  <td className="check-col">
                    <input
                      type="checkbox"
                      aria-label={`Select ${run.name}`}
                      checked={checked}
                      disabled={full}
                      title={full ? `At most ${MAX_COMPARED} runs can be compared` : undefined}
                      onChange={() => toggle(run)}
                    />
                  </td>
                  <td className="run-name">
                    <Link href={runHref(project, run.id)}>{run.name}</Link>
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="nowrap">{when(run.startTime)}</td>
                  <td className="nowrap">{duration(run.startTime, run.endTime)}</td>
                  {columns.metrics.map((key) => (
                    <td key={`m:${key}`} className="num">
                      {formatMetric(run.metrics[key])}
                    </td>
                  ))}
                  {columns.params.map((key) => (
                    <td key={`p:${key}`} className="param" title={run.params[key]}>
                      {run.params[key] ?? <span className="muted">—</span>}
                    </td>
                  ))}
                </tr>
              );
            })}
            {page.data && runs.length === 0 && (
              <tr>
                <td colSpan={5 + columns.metrics.length + columns.params.length} className="muted">
                  {filter ? 'No runs match the filter.' : 'No runs in this experiment yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {page.isPending && !page.error && <p className="muted">Loading…</p>}

      <div className="pager">
        <span data-testid="page-range">
          {page.data ? pageRange(offset, runs.length, total) : ' '}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={cursors.length <= 1 || page.isFetching}
          onClick={() => setPaging({ id: queryId, cursors: cursors.slice(0, -1) })}
        >
          ← Previous
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.nextCursor || page.isPlaceholderData || page.isFetching}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setPaging({ id: queryId, cursors: [...cursors, next] });
          }}
        >
          Next →
        </button>
      </div>
    </>
  );
}

/** A column header that sorts the table by its column (on the server: one page is fetched). */
function SortHeader({
  label,
  column,
  sort,
  onSort,
  rowSpan,
  numeric,
}: {
  label: string;
  column: ColumnRef;
  sort: Sort;
  onSort: (column: ColumnRef) => void;
  rowSpan?: number;
  numeric?: boolean;
}) {
  const active = sameColumn(sort.column, column);
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th rowSpan={rowSpan} aria-sort={ariaSort} className={numeric ? 'num' : undefined}>
      <button
        type="button"
        className="sort"
        onClick={() => onSort(column)}
        title={`Sort by ${label}`}
      >
        {label}
        <span aria-hidden className="sort-arrow">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
