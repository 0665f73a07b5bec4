import type { Registry } from 'prom-client';

/**
 * Counters and histograms for hot paths, exposed through prom-client's registry (its text format,
 * default labels and escaping). prom-client's own `observe(labels, v)` validates and hashes the
 * label object on every call (sorted keys joined into a string): 0.3–1 µs each, three or four per
 * inference request. Here the label values find their series through one map per label (a child
 * can also be kept and called directly), and a histogram's bucket is counted, not accumulated,
 * until a scrape asks. See docs/decisions/0014-metric-series.md.
 */

type Labels<L extends string> = Readonly<Record<L, string>>;

interface MetricValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName?: string;
}

interface SeriesOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  readonly registers?: readonly Registry[];
}

abstract class LabelledSeries<L extends string, S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  abstract readonly type: 'counter' | 'histogram';
  /** For prom-client's cluster aggregation. */
  readonly aggregator = 'sum';
  private root = new Map<string, unknown>();
  private lone: S | undefined;
  protected all: { labels: Labels<L>; series: S }[] = [];

  constructor(options: SeriesOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
  }

  /** Called last by a subclass's constructor: nothing half-made is ever registered. */
  protected register(registers: readonly Registry[] | undefined): void {
    // As prom-client: a series without labels is there (at 0) before anything is counted.
    if (this.labelNames.length === 0) this.child();
    for (const r of registers ?? []) r.registerMetric(this as never);
  }

  protected abstract create(): S;

  /** The series of these label values, in the order of `labelNames` (made on first use). */
  child(...values: string[]): S {
    const n = this.labelNames.length;
    if (n === 0) return (this.lone ??= this.made([]));
    let node = this.root;
    for (let i = 0; i < n - 1; i++) {
      let next = node.get(values[i]!) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(values[i]!, next);
      }
      node = next;
    }
    let s = node.get(values[n - 1]!) as S | undefined;
    if (!s) {
      s = this.made(values);
      node.set(values[n - 1]!, s);
    }
    return s;
  }

  /** The series of a label object (as prom-client takes them). */
  protected of(labels: Labels<L> | undefined): S {
    const n = this.labelNames.length;
    if (n === 0) return this.child();
    if (n === 1) return this.child(labels?.[this.labelNames[0]!] as string);
    return this.child(...this.labelNames.map((l) => labels?.[l] as string));
  }

  /**
   * A new series. As prom-client, a label value left out (undefined) is left out of the series'
   * labels, and a number is taken as its text: metrics never fail the request that counts them.
   */
  private made(values: readonly string[]): S {
    const labels: Record<string, string> = {};
    this.labelNames.forEach((l, i) => {
      const v = values[i] as unknown;
      if (v !== undefined && v !== null) labels[l] = String(v);
    });
    const series = this.create();
    this.all.push({ labels: labels as Labels<L>, series });
    return series;
  }

  /** Forgets every series, as prom-client's `reset()` (`registry.resetMetrics()`) does. */
  reset(): void {
    this.root = new Map();
    this.lone = undefined;
    this.all = [];
    if (this.labelNames.length === 0) this.child();
  }

  protected abstract values(): MetricValue[];

  /** What prom-client's registry renders. */
  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: this.values(),
      aggregator: this.aggregator,
    };
  }
}

export class CounterChild {
  value = 0;

  inc(by = 1): void {
    if (!(by >= 0) || by === Infinity) throw new TypeError(`A counter cannot be raised by ${by}`);
    this.value += by;
  }
}

/** A Prometheus counter (see the file's note). */
export class LabelledCounter<L extends string = never> extends LabelledSeries<L, CounterChild> {
  readonly type = 'counter' as const;

  constructor(options: SeriesOptions<L>) {
    super(options);
    this.register(options.registers);
  }

  protected create(): CounterChild {
    return new CounterChild();
  }

  /** As prom-client's: `inc()`, `inc(5)`, `inc(labels)`, `inc(labels, 5)`. */
  inc(labels?: Labels<L> | number, by?: number): void {
    if (typeof labels === 'number') this.of(undefined).inc(labels);
    else this.of(labels).inc(by);
  }

  protected values(): MetricValue[] {
    return this.all.map(({ labels, series }) => ({ labels: { ...labels }, value: series.value }));
  }
}

export class HistogramChild {
  /** Observations per bucket (not cumulative: a scrape adds them up). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

/** A Prometheus histogram (see the file's note); `+Inf` is every observation. */
export class LabelledHistogram<L extends string = never> extends LabelledSeries<L, HistogramChild> {
  readonly type = 'histogram' as const;
  readonly buckets: readonly number[];

  constructor(options: SeriesOptions<L> & { readonly buckets: readonly number[] }) {
    super(options);
    const sorted = [...options.buckets].sort((a, b) => a - b);
    if (sorted.some((b, i) => !Number.isFinite(b) || (i > 0 && b === sorted[i - 1]))) {
      throw new TypeError(`${options.name}: buckets must be distinct finite numbers`);
    }
    this.buckets = sorted;
    this.register(options.registers);
  }

  protected create(): HistogramChild {
    return new HistogramChild(this.buckets);
  }

  /** As prom-client's: `observe(labels, v)` (or `observe(v)` without labels). */
  observe(labels: Labels<L> | number, value?: number): void {
    if (typeof labels === 'number') this.of(undefined).observe(labels);
    else this.of(labels).observe(value as number);
  }

  protected values(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const { labels, series } of this.all) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += series.counts[i]!;
        out.push({
          labels: { ...labels, le },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      out.push({
        labels: { ...labels, le: '+Inf' },
        value: series.count,
        metricName: `${this.name}_bucket`,
      });
      out.push({ labels: { ...labels }, value: series.sum, metricName: `${this.name}_sum` });
      out.push({ labels: { ...labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
