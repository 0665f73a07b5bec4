import { type MetricValue, decodeMetric } from './metric-value';

/** What `runs.compare` answers, as far as the parallel plot reads it. */
export interface CompareInput {
  readonly runs: readonly { readonly id: string; readonly name: string }[];
  readonly params: readonly {
    readonly key: string;
    readonly values: readonly (string | null)[];
    readonly differs: boolean;
  }[];
  readonly metrics: readonly {
    readonly key: string;
    readonly values: readonly (MetricValue | null)[];
  }[];
}

/** One vertical axis: a param (numeric, or categories in sorted order) or a metric. */
export interface ParallelAxis {
  readonly name: string;
  readonly source: 'param' | 'metric';
  readonly key: string;
  readonly type: 'value' | 'category';
  readonly categories?: readonly string[];
}

export interface ParallelData {
  readonly axes: readonly ParallelAxis[];
  /** One row per run, in the order of `runs`: a value per axis, null where the run has none. */
  readonly rows: readonly (number | string | null)[][];
  readonly names: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The parallel-coordinates plot of compared runs: one axis per param that differs (numeric when
 * every value is a number, else categorical) and one per metric with a finite value; NaN and
 * ±Infinity are left off the axis (null), as a plot cannot place them.
 */
export function parallelData(compare: CompareInput): ParallelData {
  const axes: ParallelAxis[] = [];
  const columns: (number | string | null)[][] = [];
  for (const p of compare.params) {
    if (!p.differs) continue;
    const present = p.values.filter((v): v is string => v !== null);
    if (present.length > 0 && present.every((v) => NUMBER.test(v.trim()))) {
      axes.push({ name: p.key, source: 'param', key: p.key, type: 'value' });
      columns.push(p.values.map((v) => (v === null ? null : Number(v))));
    } else {
      const categories = [...new Set(present)].sort((a, b) => a.localeCompare(b));
      axes.push({ name: p.key, source: 'param', key: p.key, type: 'category', categories });
      columns.push([...p.values]);
    }
  }
  for (const m of compare.metrics) {
    const values = m.values.map((v) => {
      if (v === null) return null;
      const n = decodeMetric(v);
      return Number.isFinite(n) ? n : null;
    });
    if (values.every((v) => v === null)) continue;
    axes.push({ name: m.key, source: 'metric', key: m.key, type: 'value' });
    columns.push(values);
  }
  const rows = compare.runs.map((_, i) => columns.map((c) => c[i] ?? null));
  return { axes, rows, names: compare.runs.map((r) => r.name) };
}

/** The range of a numeric axis's values, for colouring lines by it; null without values. */
export function axisRange(data: ParallelData, axis: number): { min: number; max: number } | null {
  const values = data.rows.map((r) => r[axis]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return null;
  return { min: Math.min(...values), max: Math.max(...values) };
}
