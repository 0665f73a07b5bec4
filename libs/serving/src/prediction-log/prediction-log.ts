import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS } from '@sextant/api';
import type { EventBus } from '@sextant/bus';
import { type PredictionRecord, predictionsLogged } from '@sextant/contracts';
import type { LiveDeployment } from '../live/live-deployments';
import { ServingMetrics } from '../live/serving-metrics';

interface Pending {
  readonly deployment: Pick<LiveDeployment, 'id' | 'projectId' | 'project' | 'name' | 'model'>;
  records: PredictionRecord[];
}

/** At most this many records per message; a deployment's buffer is flushed when it has them. */
export const LOG_BATCH = 500;
/** Past this many records waiting in all, new ones are dropped (and counted), never waited for. */
export const LOG_BUFFER_LIMIT = 50_000;

/**
 * The prediction log: records are buffered per deployment and published directly (not through
 * the outbox: high volume) in messages of up to LOG_BATCH records, when a buffer is full or every
 * flush interval (the worker). `add` never waits: the answer has been sent, or is being sent.
 */
@Injectable()
export class PredictionLog {
  private readonly pending = new Map<string, Pending>();
  private waiting = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly metrics: ServingMetrics,
  ) {}

  add(deployment: Pending['deployment'], records: readonly PredictionRecord[]): void {
    if (this.waiting + records.length > LOG_BUFFER_LIMIT) {
      this.metrics.logDropped.inc({ deployment: deployment.name }, records.length);
      return;
    }
    let p = this.pending.get(deployment.id);
    if (!p) {
      p = { deployment, records: [] };
      this.pending.set(deployment.id, p);
    }
    for (const r of records) p.records.push(r);
    this.waiting += records.length;
    if (p.records.length >= LOG_BATCH) void this.flush();
  }

  /** Publishes everything buffered (one flush at a time; errors are counted, records dropped). */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.publishAll());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async publishAll(): Promise<void> {
    const batches: { p: Pending; records: PredictionRecord[] }[] = [];
    for (const p of this.pending.values()) {
      while (p.records.length) batches.push({ p, records: p.records.splice(0, LOG_BATCH) });
    }
    if (!batches.length) return;
    const payloads = batches.map(({ p, records }) => {
      let from = records[0]!.at;
      let to = from;
      for (const r of records) {
        if (r.at < from) from = r.at;
        if (r.at > to) to = r.at;
      }
      return {
        project: p.deployment.project,
        projectId: p.deployment.projectId,
        deploymentId: p.deployment.id,
        deployment: p.deployment.name,
        model: p.deployment.model,
        from,
        to,
        predictions: records,
      };
    });
    const count = batches.reduce((n, b) => n + b.records.length, 0);
    this.waiting -= count;
    try {
      // Unchecked here: monitoring's consumer checks every message against the contract (and
      // dead-letters one that fails); serving-live.int-spec consumes these through it.
      await this.bus.publish(predictionsLogged, payloads, { unchecked: true });
      for (const b of batches) {
        this.metrics.logPublished.inc({ deployment: b.p.deployment.name }, b.records.length);
      }
    } catch {
      for (const b of batches) {
        this.metrics.logDropped.inc({ deployment: b.p.deployment.name }, b.records.length);
      }
    }
  }
}
