/** Percentile of a sorted array (nearest rank), NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** A bounded sample of recent values (a ring): enough for p50/p95/p99 of a live report. */
export class RecentValues {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;
  private sum = 0;

  constructor(capacity = 10_000) {
    this.values = new Float64Array(capacity);
  }

  add(v: number): void {
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.values.length;
    this.filled = Math.min(this.filled + 1, this.values.length);
    this.total++;
    this.sum += v;
  }

  /** Every value ever added. */
  get count(): number {
    return this.total;
  }

  /** The mean of every value ever added. */
  get mean(): number {
    return this.total ? this.sum / this.total : Number.NaN;
  }

  /** Percentiles of the values kept (the most recent `capacity`). */
  percentiles(ps: readonly number[]): number[] {
    const sorted = this.values.slice(0, this.filled).sort();
    return ps.map((p) => percentile(sorted, p));
  }
}

interface Second {
  at: number;
  requests: number;
  errors: number;
  latencies: number[];
}

/**
 * Requests, errors and latencies of the last `seconds` seconds in one-second buckets (at most
 * `perSecond` latencies kept per bucket): req/s, error rate and p50/p99 over a sliding window,
 * for the console and the automatic-rollback policy.
 */
export class SlidingWindow {
  private readonly buckets: Second[] = [];

  constructor(
    private readonly seconds = 3600,
    private readonly perSecond = 2_000,
  ) {}

  record(latencyMs: number, error: boolean, now = Date.now()): void {
    const at = Math.floor(now / 1000);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.at !== at) {
      last = { at, requests: 0, errors: 0, latencies: [] };
      this.buckets.push(last);
      while (this.buckets.length && this.buckets[0]!.at <= at - this.seconds) this.buckets.shift();
    }
    last.requests++;
    if (error) last.errors++;
    if (last.latencies.length < this.perSecond) last.latencies.push(latencyMs);
  }

  /** Over the last `windowSeconds` (whole seconds, the current one included). */
  summary(
    windowSeconds: number,
    now = Date.now(),
  ): {
    requests: number;
    errors: number;
    errorRate: number;
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
  } {
    const from = Math.floor(now / 1000) - windowSeconds + 1;
    let requests = 0;
    let errors = 0;
    const latencies: number[] = [];
    for (const b of this.buckets) {
      if (b.at < from) continue;
      requests += b.requests;
      errors += b.errors;
      for (const l of b.latencies) latencies.push(l);
    }
    const sorted = Float64Array.from(latencies).sort();
    return {
      requests,
      errors,
      errorRate: requests ? errors / requests : 0,
      requestsPerSecond: requests / windowSeconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
  }
}
