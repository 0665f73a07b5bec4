/**
 * The monitor page's figures from its drift reports (pure: no React, no ECharts), so that they
 * are unit-tested: the feature × window heatmap, one feature's statistic over the windows, the
 * performance over the windows, and a summary per feature. Reports come from the API newest
 * first; every figure here reads left to right, oldest window first.
 */
import { type JsonNumber, decodeJsonNumber, formatPValue, formatStatistic } from './monitoring';

/** How a test decides: a p-value (drift when below the threshold) or a distance (when above). */
export type Direction = 'p-value' | 'distance';

/** One feature's result in one window's report. */
export interface FeatureResult {
  readonly feature: string;
  readonly kind: string;
  readonly test: string | null;
  readonly statistic: JsonNumber | null;
  readonly pValue?: JsonNumber | null;
  readonly threshold: number | null;
  readonly drifted: boolean;
  readonly error?: string;
}

export interface PerformanceFigures {
  readonly estimatedAccuracy: number | null;
  readonly estimatedRocAuc: number | null;
  readonly calibration: 'isotonic' | 'already-calibrated' | 'too-few-labels' | 'one-class';
  readonly calibrationLabels: number;
  readonly labelled: number;
  readonly accuracy: number | null;
  readonly rocAuc: number | null;
  readonly logLoss: number | null;
}

/** One window's report, as `monitoring.monitors.reports` answers it. */
export interface WindowReport {
  readonly windowSeq: number;
  readonly status: 'ok' | 'insufficient' | 'reference';
  readonly count: number;
  readonly datasetDrift: boolean;
  readonly driftShare: number;
  readonly features: readonly FeatureResult[];
  readonly performance: PerformanceFigures | null;
}

/** The tests' directions by name (from `monitoring.plugins.list`), when known. */
export type Directions = ReadonlyMap<string, Direction>;

/**
 * A result's direction: the installed test's, else read from the result (a p-value-based test
 * reports its p-value; a distance does not).
 */
export function directionOf(result: FeatureResult, directions?: Directions): Direction {
  const known = result.test ? directions?.get(result.test) : undefined;
  if (known) return known;
  return result.pValue !== undefined && result.pValue !== null ? 'p-value' : 'distance';
}

/**
 * How far a result is past its threshold, on one scale for every test: 0 is no sign of drift, 1
 * is the threshold, and above 1 drifted. A distance `d` with threshold `t` scores `d / t`; a
 * p-value `p` with significance level `α` scores `ln p / ln α` (so `p = α` is 1 and `p = α²` is
 * 2: each unit is as many orders of magnitude past the level as the level itself is). The score
 * always agrees with the API's decision (`drifted`), which is the authority: at the threshold
 * itself a result is not drifted. Null when the test gave no usable figure (an error, NaN).
 */
export function driftSeverity(result: FeatureResult, direction: Direction): number | null {
  if (result.error !== undefined || result.threshold === null) return null;
  let score: number;
  if (direction === 'p-value') {
    const p = decodeJsonNumber(result.pValue);
    const alpha = result.threshold;
    if (p === null || Number.isNaN(p) || !(alpha > 0 && alpha < 1)) return null;
    score = p <= 0 ? Number.POSITIVE_INFINITY : p >= 1 ? 0 : Math.log(p) / Math.log(alpha);
  } else {
    const d = decodeJsonNumber(result.statistic);
    const t = result.threshold;
    if (d === null || Number.isNaN(d)) return null;
    if (t > 0) score = Math.max(0, d / t);
    else score = d > t ? Number.POSITIVE_INFINITY : 0;
  }
  if (result.drifted && score <= 1) return 1 + 1e-9;
  if (!result.drifted && score > 1) return 1;
  return score;
}

// The heatmap

/** What a cell shows. */
export type CellState = 'ok' | 'reference' | 'insufficient' | 'no-result';

/** Severities at and above this are drawn alike (the darkest colour). */
export const SEVERITY_CAP = 3;

/** The colour value of a cell that has no severity. */
export const STATE_VALUE: Record<Exclude<CellState, 'ok'>, number> = {
  'no-result': -3,
  reference: -2,
  insufficient: -1,
};

/**
 * The heatmap's legend: each cell value falls in exactly one piece. The order is the legend's,
 * as ECharts' piecewise visual map takes it.
 */
export const HEATMAP_PIECES: readonly {
  readonly label: string;
  readonly color: string;
  readonly value?: number;
  readonly gte?: number;
  readonly lte?: number;
  readonly gt?: number;
  readonly lt?: number;
}[] = [
  { gt: 2, lte: SEVERITY_CAP, label: 'drifted, far past the threshold', color: '#b42318' },
  { gt: 1, lte: 2, label: 'drifted', color: '#f97066' },
  { gte: 0.5, lte: 1, label: 'below the threshold, nearing it', color: '#fedf89' },
  { gte: 0, lt: 0.5, label: 'no sign of drift', color: '#a6f4c5' },
  { value: STATE_VALUE.insufficient, label: 'too few samples', color: '#eaecf0' },
  { value: STATE_VALUE.reference, label: 'reference window', color: '#d1e0ff' },
  { value: STATE_VALUE['no-result'], label: 'no result (test error)', color: '#98a2b3' },
];

export interface HeatmapCell {
  /** The column (index into `windows`) and row (index into `features`). */
  readonly x: number;
  readonly y: number;
  readonly windowSeq: number;
  readonly feature: string;
  readonly state: CellState;
  /** See {@link driftSeverity}; null unless the state is ok. */
  readonly severity: number | null;
  /** The colour value: the severity capped at {@link SEVERITY_CAP}, or the state's value. */
  readonly value: number;
  readonly direction: Direction | null;
  readonly result: FeatureResult | null;
  /** The window's size. */
  readonly count: number;
}

export interface DriftHeatmap {
  /** Window numbers, oldest first: the x axis. */
  readonly windows: readonly number[];
  /** Feature names, in the monitor's order: the y axis, top to bottom. */
  readonly features: readonly string[];
  readonly cells: readonly HeatmapCell[];
}

/** Oldest window first. */
function chronological<R extends { readonly windowSeq: number }>(reports: readonly R[]): R[] {
  return [...reports].sort((a, b) => a.windowSeq - b.windowSeq);
}

/** The features the reports cover, in the newest tested window's order, then any others. */
export function reportedFeatures(reports: readonly WindowReport[]): string[] {
  const seen = new Set<string>();
  for (const r of [...chronological(reports)].reverse()) {
    for (const f of r.features) seen.add(f.feature);
  }
  return [...seen];
}

/**
 * The feature × window matrix: a cell per feature and window, coloured by its severity; the
 * reference window and windows with too few samples (which test nothing) are cells of their own
 * kind, and so is a feature a window has no usable result for.
 */
export function driftHeatmap(
  reports: readonly WindowReport[],
  directions?: Directions,
): DriftHeatmap {
  const ordered = chronological(reports);
  const features = reportedFeatures(reports);
  const cells: HeatmapCell[] = [];
  ordered.forEach((report, x) => {
    const byName = new Map(report.features.map((f) => [f.feature, f]));
    features.forEach((feature, y) => {
      const base = { x, y, windowSeq: report.windowSeq, feature, count: report.count };
      if (report.status !== 'ok') {
        cells.push({
          ...base,
          state: report.status,
          severity: null,
          value: STATE_VALUE[report.status],
          direction: null,
          result: null,
        });
        return;
      }
      const result = byName.get(feature) ?? null;
      const direction = result ? directionOf(result, directions) : null;
      const severity = result && direction ? driftSeverity(result, direction) : null;
      cells.push(
        severity === null
          ? {
              ...base,
              state: 'no-result',
              severity,
              value: STATE_VALUE['no-result'],
              direction,
              result,
            }
          : {
              ...base,
              state: 'ok',
              severity,
              value: Math.min(severity, SEVERITY_CAP),
              direction,
              result,
            },
      );
    });
  });
  return { windows: ordered.map((r) => r.windowSeq), features, cells };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A cell's tooltip (HTML, every name escaped): the window, the feature, the test's figures. */
export function cellTooltip(cell: HeatmapCell): string {
  const head = `<strong>${escapeHtml(cell.feature)}</strong> · window ${cell.windowSeq}`;
  if (cell.state === 'reference') {
    return `${head}<br/>The reference window (${cell.count} predictions): later windows are compared with it`;
  }
  if (cell.state === 'insufficient') {
    return `${head}<br/>Too few samples (${cell.count} predictions): not tested`;
  }
  const r = cell.result;
  if (!r) return `${head}<br/>No result for this feature in this window`;
  const lines = [
    head,
    `test ${escapeHtml(r.test ?? '—')} (${escapeHtml(r.kind)})`,
    `statistic ${formatStatistic(decodeJsonNumber(r.statistic))}`,
  ];
  if (r.pValue !== undefined && r.pValue !== null) {
    lines.push(`p-value ${formatPValue(decodeJsonNumber(r.pValue))}`);
  }
  if (r.threshold !== null) {
    lines.push(
      `threshold ${cell.direction === 'p-value' ? 'p < ' : 'statistic > '}${formatStatistic(r.threshold)}`,
    );
  }
  if (r.error !== undefined) lines.push(`error: ${escapeHtml(r.error)}`);
  else lines.push(r.drifted ? '<b>drifted</b>' : 'not drifted');
  return lines.join('<br/>');
}

// One feature over the windows

export interface FeaturePoint {
  readonly windowSeq: number;
  readonly statistic: number | null;
  readonly pValue: number | null;
  readonly threshold: number | null;
  readonly drifted: boolean;
  readonly error: string | null;
}

export interface FeatureSeries {
  readonly feature: string;
  /** The test of the newest window that tested the feature (a monitor's test can change). */
  readonly test: string | null;
  readonly kind: string | null;
  readonly direction: Direction;
  /**
   * What the detail chart plots against the threshold: a p-value test's p-value, else the
   * statistic.
   */
  readonly plotted: 'p-value' | 'statistic';
  /** A point per tested window, oldest first (windows that tested nothing are left out). */
  readonly points: readonly FeaturePoint[];
}

/** One feature's results over the windows: what the per-feature detail draws. */
export function featureSeries(
  reports: readonly WindowReport[],
  feature: string,
  directions?: Directions,
): FeatureSeries {
  const points: FeaturePoint[] = [];
  let latest: FeatureResult | null = null;
  for (const report of chronological(reports)) {
    if (report.status !== 'ok') continue;
    const r = report.features.find((f) => f.feature === feature);
    if (!r) continue;
    latest = r;
    const num = (v: JsonNumber | null | undefined) => {
      const n = decodeJsonNumber(v);
      return n === null || Number.isNaN(n) ? null : n;
    };
    points.push({
      windowSeq: report.windowSeq,
      statistic: num(r.statistic),
      pValue: num(r.pValue),
      threshold: r.threshold,
      drifted: r.drifted,
      error: r.error ?? null,
    });
  }
  const direction = latest ? directionOf(latest, directions) : 'distance';
  return {
    feature,
    test: latest?.test ?? null,
    kind: latest?.kind ?? null,
    direction,
    plotted: direction === 'p-value' ? 'p-value' : 'statistic',
    points,
  };
}

/** A summary row per feature: its test, how many windows drifted, the newest result. */
export interface FeatureSummary {
  readonly feature: string;
  readonly test: string | null;
  readonly kind: string | null;
  readonly direction: Direction;
  readonly tested: number;
  readonly drifted: number;
  readonly latest: FeaturePoint | null;
}

export function featureSummaries(
  reports: readonly WindowReport[],
  directions?: Directions,
): FeatureSummary[] {
  return reportedFeatures(reports).map((feature) => {
    const s = featureSeries(reports, feature, directions);
    return {
      feature,
      test: s.test,
      kind: s.kind,
      direction: s.direction,
      tested: s.points.length,
      drifted: s.points.filter((p) => p.drifted).length,
      latest: s.points.at(-1) ?? null,
    };
  });
}

// Performance over the windows

export interface PerformanceSeries {
  /** Window numbers with figures, oldest first. */
  readonly windows: readonly number[];
  readonly estimatedAccuracy: readonly (number | null)[];
  readonly estimatedRocAuc: readonly (number | null)[];
  readonly accuracy: readonly (number | null)[];
  readonly rocAuc: readonly (number | null)[];
  readonly labelled: readonly number[];
  readonly counts: readonly number[];
  /** Whether any window has labels (realised figures). */
  readonly hasLabels: boolean;
  /** Whether any window has an estimate. */
  readonly hasEstimates: boolean;
  /** How the estimates read the scores, and on how many reference labels that was decided. */
  readonly calibration: 'isotonic' | 'already-calibrated' | 'too-few-labels' | 'one-class';
  readonly calibrationLabels: number;
}

/** Estimated (from the scores) and realised (from the labels) performance per window. */
export function performanceSeries(reports: readonly WindowReport[]): PerformanceSeries {
  const rows = chronological(reports).filter((r) => r.performance !== null);
  const pick = (
    key: keyof Omit<PerformanceFigures, 'labelled' | 'calibration' | 'calibrationLabels'>,
  ) =>
    rows.map((r) => {
      const v = r.performance![key];
      return v === null || !Number.isFinite(v) ? null : v;
    });
  const accuracy = pick('accuracy');
  const rocAuc = pick('rocAuc');
  const estimatedAccuracy = pick('estimatedAccuracy');
  const estimatedRocAuc = pick('estimatedRocAuc');
  return {
    windows: rows.map((r) => r.windowSeq),
    estimatedAccuracy,
    estimatedRocAuc,
    accuracy,
    rocAuc,
    labelled: rows.map((r) => r.performance!.labelled),
    counts: rows.map((r) => r.count),
    hasLabels: rows.some((r) => r.performance!.labelled > 0),
    hasEstimates: [...estimatedAccuracy, ...estimatedRocAuc].some((v) => v !== null),
    calibration: rows[0]?.performance!.calibration ?? 'too-few-labels',
    calibrationLabels: rows[0]?.performance!.calibrationLabels ?? 0,
  };
}

// The per-feature detail chart

/** The largest −log₁₀ p-value drawn: a p-value that underflowed to 0 is drawn here. */
export const MAX_LOG10_P = 300;

export interface DetailPoint {
  readonly windowSeq: number;
  /** The statistic, or −log₁₀ of the p-value; null leaves a gap. */
  readonly y: number | null;
  /** The threshold on the same scale. */
  readonly threshold: number | null;
  readonly drifted: boolean;
  readonly point: FeaturePoint;
}

/**
 * What the detail chart draws, on a scale where drift is always above the threshold line: a
 * distance's statistic against its threshold, or a p-value test's −log₁₀ p against −log₁₀ α
 * (as a Manhattan plot draws p-values: a p-value 10× smaller is one unit higher).
 */
export function detailPoints(series: FeatureSeries): DetailPoint[] {
  const log = (v: number | null) =>
    v === null || !(v >= 0) ? null : v === 0 ? MAX_LOG10_P : Math.min(MAX_LOG10_P, -Math.log10(v));
  return series.points.map((p) => ({
    windowSeq: p.windowSeq,
    y: series.plotted === 'p-value' ? log(p.pValue) : p.statistic,
    threshold: series.plotted === 'p-value' ? log(p.threshold) : p.threshold,
    drifted: p.drifted,
    point: p,
  }));
}

/** The detail chart's y axis name. */
export const detailAxisName = (series: FeatureSeries) =>
  series.plotted === 'p-value' ? '−log₁₀ p-value' : 'statistic';
