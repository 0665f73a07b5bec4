import { Registry, collectDefaultMetrics } from 'prom-client';
import { LabelledHistogram } from './series';

/** One Prometheus registry per process, with Node's default metrics and HTTP request timings. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: LabelledHistogram<'method' | 'route' | 'status'>;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(labels: Record<string, string> = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'sextant_' });
  const httpRequests = new LabelledHistogram({
    name: 'sextant_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
