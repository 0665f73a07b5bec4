import { Injectable } from '@nestjs/common';
import type { ProjectScope } from '@sextant/api';
import { deploymentNotFound } from '../deployments/deployments.service';
import { LiveDeployments, type LiveDeployment } from '../live/live-deployments';
import { ServingMetrics } from '../live/serving-metrics';
import { SlidingWindow } from '../live/window-stats';
import { ShadowRunner } from './shadow';

export type AnswerRoute = 'champion' | 'challenger';
const WINDOW_SECONDS = 60;
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * What happened to a deployment's requests on this replica: Prometheus series (every replica's
 * /metrics), and one-second windows per route for the console's live figures and the automatic
 * rollback policy; the shadow report.
 */
@Injectable()
export class TrafficService {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly revisions = new Map<string, number>();
  private readonly byLive = new WeakMap<
    LiveDeployment,
    Partial<Record<AnswerRoute, SlidingWindow>>
  >();

  constructor(
    private readonly live: LiveDeployments,
    private readonly metrics: ServingMetrics,
    private readonly shadow: ShadowRunner,
  ) {}

  /** An answered (or failed) request: `modelError` only for failures the caller did not cause. */
  record(
    live: LiveDeployment,
    route: AnswerRoute,
    latencyMs: number,
    outcome: 'ok' | 'client' | 'model',
  ): void {
    if (outcome === 'ok') {
      this.metrics.requests.child(live.name, route).inc();
      this.metrics.latency.child(live.name, route).observe(latencyMs / 1000);
    } else {
      this.metrics.errors.child(live.name, route, outcome).inc();
    }
    if (outcome !== 'client') this.windowOf(live, route).record(latencyMs, outcome === 'model');
  }

  /** `window()` of a served revision, remembered on it (a revision is immutable). */
  private windowOf(live: LiveDeployment, route: AnswerRoute): SlidingWindow {
    let byRoute = this.byLive.get(live);
    if (!byRoute) {
      byRoute = {};
      this.byLive.set(live, byRoute);
    }
    return (byRoute[route] ??= this.window(live.id, live.revision, route));
  }

  /** The window of a deployment's route since its current revision (a new revision starts afresh). */
  window(deploymentId: string, revision: number, route: AnswerRoute): SlidingWindow {
    const key = `${deploymentId}/${revision}/${route}`;
    let w = this.windows.get(key);
    if (!w) {
      const newest = this.revisions.get(deploymentId) ?? 0;
      // A request that started on an older revision and ends after the swap: not counted (its
      // revision is no longer judged), and the new revision's windows stay.
      if (revision < newest) return new SlidingWindow(1, 1);
      if (revision > newest) {
        for (const k of this.windows.keys())
          if (k.startsWith(`${deploymentId}/`)) this.windows.delete(k);
        this.revisions.set(deploymentId, revision);
      }
      w = new SlidingWindow(3600);
      this.windows.set(key, w);
    }
    return w;
  }

  /** A deployment no longer served here: its windows go. */
  forget(deploymentId: string): void {
    for (const k of this.windows.keys())
      if (k.startsWith(`${deploymentId}/`)) this.windows.delete(k);
    this.revisions.delete(deploymentId);
  }

  private require(scope: ProjectScope, name: string): LiveDeployment {
    const live = this.live.get(scope.slug, name);
    if (!live) throw deploymentNotFound(name);
    return live;
  }

  traffic(scope: ProjectScope, name: string) {
    const live = this.require(scope, name);
    const route = (r: AnswerRoute) => {
      const s = this.window(live.id, live.revision, r).summary(WINDOW_SECONDS);
      return { ...s, p50Ms: finite(s.p50Ms), p99Ms: finite(s.p99Ms) };
    };
    return {
      deployment: name,
      windowSeconds: WINDOW_SECONDS,
      champion: route('champion'),
      challenger: route('challenger'),
    };
  }

  shadowReport(scope: ProjectScope, name: string) {
    const live = this.require(scope, name);
    return {
      deployment: name,
      shadowPercent: live.spec.shadowPercent,
      ...this.shadow.report(live),
    };
  }
}
