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
      if (!policy || live.revision <= 1) continue;
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
