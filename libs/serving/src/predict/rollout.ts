import { Injectable } from '@nestjs/common';
import { AppError } from '@sextant/errors';
import { DeploymentsService } from '../deployments/deployments.service';
import { LiveDeployments, type LiveDeployment } from '../live/live-deployments';
import { TrafficService } from './traffic.service';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

/**
 * Progressive rollouts: a deployment with `rollout` moves its canary weight through the steps
 * (1 → 5 → 25 → 100 % by default). After each step's `stepSeconds`, with at least `minRequests`
 * answered by the challenger during the step, its error rate and p99 are compared with the
 * champion's over the same window: within limits → the next step (a revision "rollout step k/n");
 * past them → back to the revision the rollout started from, without the rollout (an automatic
 * rollback, `serving.rolled-back`); after the last step the rollout ends (canary stays there).
 */
@Injectable()
export class Rollouts {
  constructor(
    private readonly live: LiveDeployments,
    private readonly traffic: TrafficService,
    private readonly deployments: DeploymentsService,
  ) {}

  /** The last error per deployment (the worker logs them). */
  readonly failures = new Map<string, unknown>();

  async check(now = Date.now()): Promise<void> {
    for (const live of this.live.all()) {
      if (!live.spec.rollout || !live.challenger) continue;
      try {
        await this.step(live, now);
      } catch (error) {
        // Someone (another replica, a person) changed the deployment first: nothing to do. Any
        // other failure is this deployment's: kept for the log, the others go on.
        if (!(error instanceof AppError) || error.code !== 'CONFLICT')
          this.failures.set(live.id, error);
      }
    }
  }

  private async step(live: LiveDeployment, now: number): Promise<void> {
    const rollout = live.spec.rollout!;
    const scope = { id: live.projectId, slug: live.project };
    const n = rollout.steps.length;
    const at = rollout.steps.indexOf(live.spec.canaryWeight);
    if (at === -1) {
      await this.deployments.systemChange(
        scope,
        live.name,
        live.revision,
        { canaryWeight: rollout.steps[0] },
        `rollout step 1/${n}: ${rollout.steps[0]} % to the challenger`,
      );
      return;
    }
    if (now - live.revisionAt.getTime() < rollout.stepSeconds * 1000) return;
    const window = Math.max(1, Math.round((now - live.revisionAt.getTime()) / 1000));
    const challenger = this.traffic
      .window(live.id, live.revision, 'challenger')
      .summary(window, now);
    if (challenger.requests < rollout.minRequests) return; // not enough evidence yet: wait
    const champion = this.traffic.window(live.id, live.revision, 'champion').summary(window, now);
    const errorIncrease = challenger.errorRate - champion.errorRate;
    const p99Ratio = champion.p99Ms > 0 ? challenger.p99Ms / champion.p99Ms : 1;
    const figures = `challenger error rate ${pct(challenger.errorRate)} vs ${pct(champion.errorRate)}, p99 ${ms(challenger.p99Ms)} vs ${ms(champion.p99Ms)} over ${challenger.requests} + ${champion.requests} requests`;
    const failed: string[] = [];
    if (errorIncrease > rollout.maxErrorRateIncrease)
      failed.push(`error rate up ${pct(errorIncrease)} > ${pct(rollout.maxErrorRateIncrease)}`);
    if (champion.requests > 0 && p99Ratio > rollout.maxP99Ratio)
      failed.push(`p99 ${p99Ratio.toFixed(2)}× > ${rollout.maxP99Ratio}×`);
    if (failed.length) {
      const start = await this.startRevision(scope, live);
      await this.deployments.rollback(
        null,
        scope,
        {
          deployment: live.name,
          toRevision: start,
          reason: `rollout failed at step ${at + 1}/${n} (${live.spec.canaryWeight} %): ${failed.join(', ')}; ${figures}`,
        },
        { automatic: true, expectedRevision: live.revision, specChanges: { rollout: null } },
      );
      return;
    }
    if (at + 1 < n) {
      const next = rollout.steps[at + 1]!;
      await this.deployments.systemChange(
        scope,
        live.name,
        live.revision,
        { canaryWeight: next },
        `rollout step ${at + 2}/${n}: ${next} % to the challenger (step ${at + 1} passed: ${figures})`,
      );
    } else {
      await this.deployments.systemChange(
        scope,
        live.name,
        live.revision,
        { rollout: null },
        `rollout complete: ${live.spec.canaryWeight} % to the challenger (${figures})`,
      );
    }
  }

  /** The revision the rollout started from: the newest that is not one of its steps. */
  private async startRevision(scope: { id: string }, live: LiveDeployment): Promise<number> {
    const rows = await this.deployments.revisionRows(scope, live.name);
    const start = rows.find(
      (r) => r.revision < live.revision && !r.reason.startsWith('rollout step'),
    );
    return start?.revision ?? Math.max(1, live.revision - 1);
  }
}
