import { Inject, Injectable } from '@nestjs/common';
import { METRICS } from '@sextant/api';
import { LabelledCounter, LabelledHistogram, type Metrics } from '@sextant/observability';

/**
 * Serving's Prometheus series on the process's /metrics (per deployment and route); the hot path
 * keeps bound children (`child(deployment, route)`).
 */
@Injectable()
export class ServingMetrics {
  readonly latency: LabelledHistogram<'deployment' | 'route'>;
  readonly requests: LabelledCounter<'deployment' | 'route'>;
  readonly errors: LabelledCounter<'deployment' | 'route' | 'kind'>;
  readonly shadowDropped: LabelledCounter<'deployment'>;
  readonly logPublished: LabelledCounter<'deployment'>;
  readonly logDropped: LabelledCounter<'deployment'>;
  readonly batchedRuns: LabelledCounter;
  readonly batchedRequests: LabelledCounter;

  constructor(@Inject(METRICS) metrics: Metrics) {
    const registers = [metrics.registry];
    const existing = <T>(name: string) => metrics.registry.getSingleMetric(name) as T | undefined;
    this.latency =
      existing('sextant_serving_request_duration_seconds') ??
      new LabelledHistogram({
        name: 'sextant_serving_request_duration_seconds',
        help: 'Inference latency by deployment and route (champion, challenger, shadow)',
        labelNames: ['deployment', 'route'] as const,
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers,
      });
    this.requests =
      existing('sextant_serving_requests_total') ??
      new LabelledCounter({
        name: 'sextant_serving_requests_total',
        help: 'Inference requests answered, by deployment and route',
        labelNames: ['deployment', 'route'] as const,
        registers,
      });
    this.errors =
      existing('sextant_serving_errors_total') ??
      new LabelledCounter({
        name: 'sextant_serving_errors_total',
        help: 'Inference requests that failed, by deployment, route and kind (client, model)',
        labelNames: ['deployment', 'route', 'kind'] as const,
        registers,
      });
    this.shadowDropped =
      existing('sextant_serving_shadow_dropped_total') ??
      new LabelledCounter({
        name: 'sextant_serving_shadow_dropped_total',
        help: 'Mirrored requests the shadow queue could not take',
        labelNames: ['deployment'] as const,
        registers,
      });
    this.logPublished =
      existing('sextant_serving_prediction_log_records_total') ??
      new LabelledCounter({
        name: 'sextant_serving_prediction_log_records_total',
        help: 'Prediction records published to sextant.serving.predictions',
        labelNames: ['deployment'] as const,
        registers,
      });
    this.logDropped =
      existing('sextant_serving_prediction_log_dropped_total') ??
      new LabelledCounter({
        name: 'sextant_serving_prediction_log_dropped_total',
        help: 'Prediction records dropped (buffer full or publish failed)',
        labelNames: ['deployment'] as const,
        registers,
      });
    this.batchedRuns =
      existing('sextant_serving_micro_batch_runs_total') ??
      new LabelledCounter({
        name: 'sextant_serving_micro_batch_runs_total',
        help: 'Model runs that merged several requests (micro-batching)',
        registers,
      });
    this.batchedRequests =
      existing('sextant_serving_micro_batch_requests_total') ??
      new LabelledCounter({
        name: 'sextant_serving_micro_batch_requests_total',
        help: 'Requests answered by a merged model run (micro-batching)',
        registers,
      });
  }
}
