import { Injectable } from '@nestjs/common';
import type { LiveDeployment } from '../live/live-deployments';
import { ServingMetrics } from '../live/serving-metrics';
import { RecentValues } from '../live/window-stats';

/** A request mirrored to the challenger, with what the champion answered. */
export interface ShadowJob {
  readonly live: LiveDeployment;
  /** Runs the challenger on the same request and gives its answer records (or throws). */
  readonly run: () => Promise<Record<string, unknown>[]>;
  readonly champion: readonly Record<string, unknown>[];
}

/** The live champion-vs-challenger report of one deployment (this replica's, since it started). */
export interface ShadowReport {
  revision: number;
  championVersion: number;
  challengerVersion: number | null;
  mirrored: number;
  errors: number;
  dropped: number;
  /** Share of mirrored records whose decision (or, without a rule, first field) agreed. */
  agreementRate: number | null;
  /** |champion − challenger| of the first numeric answer field. */
  outputDelta: {
    field: string | null;
    mean: number | null;
    p50: number | null;
    p95: number | null;
    p99: number | null;
  };
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

interface Tally {
  revision: number;
  championVersion: number;
  challengerVersion: number | null;
  mirrored: number;
  errors: number;
  dropped: number;
  compared: number;
  agreed: number;
  field: string | null;
  deltas: RecentValues;
  latencies: RecentValues;
}

export const SHADOW_QUEUE_LIMIT = 1_000;

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Mirrored requests run after the champion's answer is sent, one at a time off a bounded queue:
 * they never delay or change the answer; what the queue cannot take is dropped and counted.
 */
@Injectable()
export class ShadowRunner {
  private readonly queue: ShadowJob[] = [];
  private running = false;
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly metrics: ServingMetrics) {}

  /** Queues a mirrored request (call it once the answer is on its way). */
  offer(job: ShadowJob): void {
    const tally = this.tally(job.live);
    if (this.queue.length >= SHADOW_QUEUE_LIMIT) {
      tally.dropped++;
      this.metrics.shadowDropped.inc({ deployment: job.live.name });
      return;
    }
    this.queue.push(job);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((r) => setTimeout(r, 5));
  }

  report(live: LiveDeployment): ShadowReport {
    const t = this.tally(live);
    const [d50, d95, d99] = t.deltas.percentiles([50, 95, 99]);
    const [l50, l95, l99] = t.latencies.percentiles([50, 95, 99]);
    return {
      revision: t.revision,
      championVersion: t.championVersion,
      challengerVersion: t.challengerVersion,
      mirrored: t.mirrored,
      errors: t.errors,
      dropped: t.dropped,
      agreementRate: t.compared ? t.agreed / t.compared : null,
      outputDelta: {
        field: t.field,
        mean: t.deltas.count ? finite(t.deltas.mean) : null,
        p50: finite(d50!),
        p95: finite(d95!),
        p99: finite(d99!),
      },
      latencyMs: { p50: finite(l50!), p95: finite(l95!), p99: finite(l99!) },
    };
  }

  private tally(live: LiveDeployment): Tally {
    let t = this.tallies.get(live.id);
    const challengerVersion = live.challenger?.version ?? null;
    // A new champion/challenger pair starts a new comparison.
    if (
      !t ||
      t.championVersion !== live.champion.version ||
      t.challengerVersion !== challengerVersion
    ) {
      t = {
        revision: live.revision,
        championVersion: live.champion.version,
        challengerVersion,
        mirrored: 0,
        errors: 0,
        dropped: 0,
        compared: 0,
        agreed: 0,
        field: null,
        deltas: new RecentValues(),
        latencies: new RecentValues(),
      };
      this.tallies.set(live.id, t);
    }
    return t;
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.runOne(job);
    } finally {
      this.running = false;
    }
  }

  private async runOne(job: ShadowJob): Promise<void> {
    const t = this.tally(job.live);
    t.mirrored++;
    const t0 = performance.now();
    let answer: Record<string, unknown>[];
    try {
      answer = await job.run();
    } catch {
      t.errors++;
      this.metrics.errors.inc({ deployment: job.live.name, route: 'shadow', kind: 'model' });
      return;
    }
    const ms = performance.now() - t0;
    t.latencies.add(ms);
    this.metrics.latency.observe({ deployment: job.live.name, route: 'shadow' }, ms / 1000);
    this.metrics.requests.inc({ deployment: job.live.name, route: 'shadow' });
    const decision = job.live.spec.decision ? (job.live.spec.decision.field ?? 'decision') : null;
    job.champion.forEach((c, i) => {
      const s = answer[i];
      if (!s) return;
      const field = t.field ?? firstNumericField(c, decision);
      if (!t.field && field) t.field = field;
      const compareOn = decision ?? field;
      if (compareOn) {
        t.compared++;
        if (JSON.stringify(c[compareOn]) === JSON.stringify(s[compareOn])) t.agreed++;
      }
      if (field && typeof c[field] === 'number' && typeof s[field] === 'number') {
        t.deltas.add(Math.abs((c[field] as number) - (s[field] as number)));
      }
    });
  }
}

function firstNumericField(record: Record<string, unknown>, skip: string | null): string | null {
  for (const [k, v] of Object.entries(record)) {
    if (k !== skip && k !== 'id' && typeof v === 'number') return k;
  }
  return null;
}
