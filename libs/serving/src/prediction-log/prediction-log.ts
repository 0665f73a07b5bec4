import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS } from '@sextant/api';
import type { EventBus } from '@sextant/bus';
import {
  type PredictionColumns,
  type PredictionRoute,
  predictionsLogged,
} from '@sextant/contracts';
import type { LiveDeployment } from '../live/live-deployments';
import { ServingMetrics } from '../live/serving-metrics';

type Json = Record<string, unknown>;

/** What one request's predictions share (each record adds its id, inputs and outputs). */
export interface LoggedRequest {
  readonly atMs: number;
  readonly revision: number;
  readonly modelVersion: number;
  readonly route: PredictionRoute;
  readonly latencyMs: number;
}

type Deployment = Pick<LiveDeployment, 'id' | 'projectId' | 'project' | 'name' | 'model'>;

/** At most this many records per message; a deployment's buffer is flushed when it has them. */
export const LOG_BATCH = 500;
/** Past this many records waiting in all, new ones are dropped (and counted), never waited for. */
export const LOG_BUFFER_LIMIT = 50_000;

/**
 * One message's predictions being gathered as columns (the contract's form): appended in place,
 * a value per column per record. A key first seen after some records gets `null` for those
 * (array holes, written as `null` by JSON), and `columns()` pads short columns the same way.
 */
class Columns {
  count = 0;
  private readonly id: string[] = [];
  private readonly atMs: number[] = [];
  private readonly revision: number[] = [];
  private readonly modelVersion: number[] = [];
  private readonly route: PredictionRoute[] = [];
  private readonly latencyMs: number[] = [];
  private readonly decision: (string | null)[] = [];
  // Without a prototype: a feature or field may be named `constructor` or `__proto__`.
  private readonly inputs: Record<string, unknown[]> = Object.create(null) as never;
  private readonly outputs: Record<string, unknown[]> = Object.create(null) as never;
  from = Infinity;
  to = -Infinity;

  /** One answer: `answer` without its `id` and `decision` field is the record's outputs. */
  push(request: LoggedRequest, inputs: Json, answer: Json, decisionField: string | null): void {
    const i = this.count++;
    this.id.push(answer['id'] as string);
    this.atMs.push(request.atMs);
    this.revision.push(request.revision);
    this.modelVersion.push(request.modelVersion);
    this.route.push(request.route);
    this.latencyMs.push(request.latencyMs);
    const d = decisionField === null ? undefined : answer[decisionField];
    this.decision.push(typeof d === 'string' ? d : null);
    for (const k in inputs) {
      if (Object.hasOwn(inputs, k)) (this.inputs[k] ??= [])[i] = inputs[k];
    }
    for (const k in answer) {
      if (k !== 'id' && k !== decisionField && Object.hasOwn(answer, k)) {
        (this.outputs[k] ??= [])[i] = answer[k];
      }
    }
    if (request.atMs < this.from) this.from = request.atMs;
    if (request.atMs > this.to) this.to = request.atMs;
  }

  columns(): PredictionColumns {
    const pad = (cols: Record<string, unknown[]>) => {
      for (const k in cols) {
        const c = cols[k]!;
        // Holes (a key absent from some records) become null, as JSON would write them.
        for (let i = 0; i < this.count; i++) if (c[i] === undefined) c[i] = null;
      }
      return cols;
    };
    return {
      count: this.count,
      id: this.id,
      atMs: this.atMs,
      revision: this.revision,
      modelVersion: this.modelVersion,
      route: this.route,
      inputs: pad(this.inputs) as PredictionColumns['inputs'],
      outputs: pad(this.outputs),
      decision: this.decision,
      latencyMs: this.latencyMs,
    };
  }
}

interface Pending {
  readonly deployment: Deployment;
  /** Full messages waiting for the next flush, then the one being filled. */
  readonly full: Columns[];
  open: Columns;
}

/**
 * The prediction log: records are buffered per deployment as columns and published directly
 * (not through the outbox: high volume) in messages of up to LOG_BATCH records, when a buffer is
 * full or every flush interval (the worker). `add` never waits: the answer has been sent, or is
 * being sent.
 */
@Injectable()
export class PredictionLog {
  private readonly pending = new Map<string, Pending>();
  private waiting = 0;
  private flushing: Promise<void> = Promise.resolve();
  /** A flush asked for and not yet started: later asks join it. */
  private queued: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly metrics: ServingMetrics,
  ) {}

  /** Whether `n` more records fit in the buffer now (`add` drops a request's records past it). */
  accepts(n: number): boolean {
    return this.waiting + n <= LOG_BUFFER_LIMIT;
  }

  /**
   * One request's answers, `inputs[i]` the i-th answer's record; `decisionField` names the
   * answer field that holds the decision (left out of the outputs), if the deployment has one.
   * Returns false when the buffer is full: the records are dropped (and counted).
   */
  add(
    deployment: Deployment,
    request: LoggedRequest,
    inputs: readonly Json[],
    answers: readonly Json[],
    decisionField: string | null,
  ): boolean {
    const n = answers.length;
    if (this.waiting + n > LOG_BUFFER_LIMIT) {
      this.metrics.logDropped.inc({ deployment: deployment.name }, n);
      return false;
    }
    let p = this.pending.get(deployment.id);
    if (!p) {
      p = { deployment, full: [], open: new Columns() };
      this.pending.set(deployment.id, p);
    }
    for (let i = 0; i < n; i++) {
      if (p.open.count >= LOG_BATCH) {
        p.full.push(p.open);
        p.open = new Columns();
      }
      p.open.push(request, inputs[i] ?? {}, answers[i]!, decisionField);
    }
    this.waiting += n;
    if (p.full.length || p.open.count >= LOG_BATCH) void this.flush();
    return true;
  }

  /**
   * Publishes everything buffered when it starts (one flush at a time; errors are counted,
   * records dropped).
   */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.flushing.then(() => {
      this.queued = null;
      return this.publishAll();
    });
    this.queued = run;
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async publishAll(): Promise<void> {
    const batches: { p: Pending; columns: Columns }[] = [];
    for (const p of this.pending.values()) {
      for (const columns of p.full) batches.push({ p, columns });
      p.full.length = 0;
      if (p.open.count) {
        batches.push({ p, columns: p.open });
        p.open = new Columns();
      }
    }
    if (!batches.length) return;
    const payloads = batches.map(({ p, columns }) => ({
      project: p.deployment.project,
      projectId: p.deployment.projectId,
      deploymentId: p.deployment.id,
      deployment: p.deployment.name,
      model: p.deployment.model,
      from: new Date(columns.from).toISOString(),
      to: new Date(columns.to).toISOString(),
      predictions: columns.columns(),
    }));
    const count = batches.reduce((n, b) => n + b.columns.count, 0);
    this.waiting -= count;
    try {
      // Unchecked here: monitoring's consumer checks every message against the contract (and
      // dead-letters one that fails); serving-live.int-spec consumes these through it.
      await this.bus.publish(predictionsLogged, payloads, { unchecked: true });
      for (const b of batches) {
        this.metrics.logPublished.inc({ deployment: b.p.deployment.name }, b.columns.count);
      }
    } catch {
      for (const b of batches) {
        this.metrics.logDropped.inc({ deployment: b.p.deployment.name }, b.columns.count);
      }
    }
  }
}
