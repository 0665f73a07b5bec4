import { Injectable } from '@nestjs/common';
import { AppError } from '@sextant/errors';
import { DeploymentsService } from '../deployments/deployments.service';
import { LiveDeployments } from '../live/live-deployments';
import { TrafficService } from './traffic.service';

/**
 * The automatic rollback policy of each deployment that has one: over its window, when enough
 * requests were answered and the error rate or the p99 latency of the champion or the challenger
 * passed its limit, the deployment goes back to the previous revision — the reason is written
 * in the revision history and the audit log, and `serving.rolled-back` is published. Only a
 * replica that serves the current revision acts, and only if no one changed it meanwhile.
 */
@Injectable()
export class AutoRollback {
  constructor(
    private readonly live: LiveDeployments,
    private readonly traffic: TrafficService,
    private readonly deployments: DeploymentsService,
  ) {}

  async check(now = Date.now()): Promise<void> {
    for (const live of this.live.all()) {
      const policy = live.spec.autoRollback;
      // A revision that is itself a rollback is not rolled back again (no ping-pong between a bad
      // revision and the one that replaced it): a person decides from there.
      if (!policy || live.revision <= 1 || live.restores !== null) continue;
      try {
        await this.checkOne(live, policy, now);
      } catch (error) {
        // One deployment's failure (its previous revision does not load) must not stop the rest.
        this.failures.set(live.id, error);
      }
    }
  }

  /** The last error per deployment (the worker logs them). */
  readonly failures = new Map<string, unknown>();

  private async checkOne(
    live: ReturnType<LiveDeployments['all']>[number],
    policy: NonNullable<ReturnType<LiveDeployments['all']>[number]['spec']['autoRollback']>,
    now: number,
  ): Promise<void> {
    {
      for (const route of ['champion', 'challenger'] as const) {
        const s = this.traffic
          .window(live.id, live.revision, route)
          .summary(policy.windowSeconds, now);
        if (s.requests < policy.minRequests) continue;
        const breaches: string[] = [];
        if (policy.maxErrorRate !== undefined && s.errorRate > policy.maxErrorRate) {
          breaches.push(
            `error rate ${(s.errorRate * 100).toFixed(1)} % > ${(policy.maxErrorRate * 100).toFixed(1)} %`,
          );
        }
        if (policy.maxP99Ms !== undefined && s.p99Ms > policy.maxP99Ms) {
          breaches.push(`p99 ${s.p99Ms.toFixed(1)} ms > ${policy.maxP99Ms} ms`);
        }
        if (!breaches.length) continue;
        const reason = `automatic rollback: the ${route} of revision ${live.revision} had ${breaches.join(' and ')} over ${s.requests} requests in ${policy.windowSeconds} s`;
        try {
          await this.deployments.rollback(
            null,
            { id: live.projectId, slug: live.project },
            { deployment: live.name, toRevision: live.revision - 1, reason },
            { automatic: true, expectedRevision: live.revision },
          );
        } catch (error) {
          // Someone else (another replica, a person) changed it first: nothing to do.
          if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        }
        break;
      }
    }
  }
}
