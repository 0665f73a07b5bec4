/**
 * A metric value as the API sends it: a number, or one of the strings JSON needs for the values
 * it cannot carry (the proto3 JSON mapping MLflow uses).
 */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** The number a metric value stands for (NaN and ±Infinity included). */
export function decodeMetric(value: MetricValue): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * A metric value for a table cell: up to 6 significant digits (exponent notation for very small
 * or large magnitudes), "NaN", "∞" / "−∞", and "—" when the run lacks it.
 */
export function formatMetric(value: MetricValue | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = decodeMetric(value);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '∞';
  if (n === Number.NEGATIVE_INFINITY) return '−∞';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return n.toExponential(4);
  return String(Number(n.toPrecision(6)));
}
