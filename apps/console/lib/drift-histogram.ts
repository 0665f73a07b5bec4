/**
 * A feature's reference and one window's values as overlaid histograms (pure, unit-tested), from
 * `monitoring.monitors.histogram`: numeric features in equal-width bins over both samples (the
 * last bin closed, as numpy.histogram does), categorical ones per value.
 */

/** `monitoring.monitors.histogram`'s answer. */
export interface FeatureHistogram {
  readonly feature: string;
  readonly kind: 'numeric' | 'categorical';
  readonly windowSeq: number;
  readonly edges: readonly number[] | null;
  readonly categories: readonly string[] | null;
  readonly reference: readonly number[];
  readonly current: readonly number[];
  readonly referenceCount: number;
  readonly currentCount: number;
}

export interface HistogramBars {
  /** One label per bar: a bin's lower edge, or the category. */
  readonly labels: readonly string[];
  /** The bar's full name for a tooltip: `[55,000, 60,000)`, the last bin `[…, …]`. */
  readonly ranges: readonly string[];
  /** Shares of each sample per bar (each sums to 1 over the bars it has values in). */
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** Digits after the point that tell a bin's edges apart: about two significant digits of its width. */
export function edgeDigits(width: number): number {
  if (!(width > 0) || !Number.isFinite(width)) return 0;
  return Math.min(10, Math.max(0, 1 - Math.floor(Math.log10(width))));
}

/** An edge with the given digits and thousands separators: `55,000`, `0.62`, `-1.5`. */
export function formatEdge(value: number, digits: number): string {
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
  return text === '-0' ? '0' : text;
}

/** The bars of a histogram answer: a label and range per bin, the two samples' shares. */
export function histogramBars(h: FeatureHistogram): HistogramBars {
  if (h.kind === 'categorical' || !h.edges) {
    const labels = h.categories ?? [];
    return { labels, ranges: labels, reference: h.reference, current: h.current };
  }
  const edges = h.edges;
  const width = edges.length > 1 ? (edges[edges.length - 1]! - edges[0]!) / (edges.length - 1) : 0;
  const digits = edgeDigits(width);
  const labels: string[] = [];
  const ranges: string[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = formatEdge(edges[i]!, digits);
    const hi = formatEdge(edges[i + 1]!, digits);
    labels.push(lo);
    ranges.push(i + 2 === edges.length ? `[${lo}, ${hi}]` : `[${lo}, ${hi})`);
  }
  return { labels, ranges, reference: h.reference, current: h.current };
}
