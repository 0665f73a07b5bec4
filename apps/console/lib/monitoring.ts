/**
 * Links and formatting for the monitoring pages (pure: no React, no API calls), so that they are
 * unit-tested. The shapes are the parts of the monitoring API's answers these functions read; the
 * API's own types (lib/monitoring-hooks.ts) fit them.
 */

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The monitoring tabs: the project's monitors, and the drift-test plugins installed. */
export type MonitoringTab = 'monitors' | 'plugins';

export const monitoringHref = (project: string, tab: MonitoringTab = 'monitors') =>
  `/monitoring?${query(tab === 'monitors' ? { project } : { project, tab })}`;

export const monitorHref = (project: string, monitor: string) =>
  `/monitoring/${encodeURIComponent(monitor)}?${query({ project })}`;

/** Which tab `?tab=` asks for (anything unknown is the monitors). */
export const monitoringTab = (value: string | null): MonitoringTab =>
  value === 'plugins' ? 'plugins' : 'monitors';

// Numbers as the API sends them

/** A number in JSON: NaN and ±Infinity as strings (as the drift reports carry them). */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** The number a JSON number stands for; null when there is none. */
export function decodeJsonNumber(value: JsonNumber | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * A test statistic or threshold for a table cell: four significant digits, exponent notation
 * for very small or large magnitudes, "NaN", "∞" / "−∞", and "—" when there is none.
 */
export function formatStatistic(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-4 || abs >= 1e6) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A p-value: like a statistic, but a p-value that underflowed to 0 reads `< 1e-300`. */
export function formatPValue(value: number | null | undefined): string {
  if (value === 0) return '< 1e-300';
  return formatStatistic(value);
}

/** A share in [0, 1] as a percentage: `0 %`, `37.5 %`, `100 %`; `—` when unknown. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Number((share * 100).toFixed(1))} %`;
}

// Windows

/** A duration in seconds as people say it: `45 s`, `10 min`, `1 h 30 min`, `2 d`, `1 d 6 h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s === 0) return '0 s';
  const units: readonly (readonly [number, string])[] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  // The largest unit that fits, and the next one down when it is not zero ("1 d 6 h").
  const i = units.findIndex(([size]) => s >= size);
  const [size, unit] = units[i]!;
  const next = units[i + 1];
  const rest = next ? Math.floor((s % size) / next[0]) : 0;
  return rest && next
    ? `${Math.floor(s / size)} ${unit} ${rest} ${next[1]}`
    : `${Math.floor(s / size)} ${unit}`;
}

export type WindowSpec =
  | { readonly kind: 'count'; readonly size: number }
  | { readonly kind: 'time'; readonly seconds: number };

/** A monitor's tumbling window: `200 predictions`, `1 h`. */
export function describeWindow(window: WindowSpec): string {
  if (window.kind === 'count') {
    return `${window.size.toLocaleString('en-US')} prediction${window.size === 1 ? '' : 's'}`;
  }
  return formatDuration(window.seconds);
}

/** How far the open window is: `120 / 200` for a count window, `120 so far` for a time window. */
export function describeOpenWindow(window: WindowSpec, openCount: number): string {
  const n = openCount.toLocaleString('en-US');
  return window.kind === 'count' ? `${n} / ${window.size.toLocaleString('en-US')}` : `${n} so far`;
}

/** What a window's report says, as the badge beside a monitor shows it. */
export interface WindowVerdict {
  readonly kind: 'none' | 'reference' | 'insufficient' | 'drift' | 'no-drift';
  readonly label: string;
  /** The longer story, for a tooltip. */
  readonly title: string;
}

export interface ReportVerdictInput {
  readonly windowSeq: number;
  readonly status: 'ok' | 'insufficient' | 'reference';
  readonly count: number;
  readonly datasetDrift: boolean;
  readonly driftShare: number;
}

/** The verdict of a window's report (undefined: no window has closed yet). */
export function windowVerdict(report: ReportVerdictInput | undefined): WindowVerdict {
  if (!report) {
    return {
      kind: 'none',
      label: 'no window yet',
      title: 'No window has closed yet: the first one becomes the reference',
    };
  }
  const w = `Window ${report.windowSeq}`;
  if (report.status === 'reference') {
    return {
      kind: 'reference',
      label: 'reference',
      title: `${w} is the reference (${report.count} predictions): later windows are compared with it`,
    };
  }
  if (report.status === 'insufficient') {
    return {
      kind: 'insufficient',
      label: 'too few samples',
      title: `${w} had ${report.count} predictions, fewer than the monitor's minimum: not tested`,
    };
  }
  return report.datasetDrift
    ? {
        kind: 'drift',
        label: `drift · ${formatShare(report.driftShare)}`,
        title: `${w}: dataset drift, ${formatShare(report.driftShare)} of the features drifted`,
      }
    : {
        kind: 'no-drift',
        label: 'no drift',
        title: `${w}: no dataset drift (${formatShare(report.driftShare)} of the features drifted)`,
      };
}

// Plugins

export type PluginSource =
  | { readonly kind: 'built-in' }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'package'; readonly package: string };

/** Where a plugin was found: `built-in`, `folder /srv/plugins`, `package @acme/drift`. */
export function describePluginSource(source: PluginSource): string {
  if (source.kind === 'built-in') return 'built-in';
  if (source.kind === 'folder') return `folder ${source.folder}`;
  return `package ${source.package}`;
}

/** How a test decides: `p-value < 0.05` or `statistic > 0.1`. */
export function describeDirection(direction: 'p-value' | 'distance', threshold: number): string {
  return direction === 'p-value'
    ? `drift when p-value < ${formatStatistic(threshold)}`
    : `drift when statistic > ${formatStatistic(threshold)}`;
}
