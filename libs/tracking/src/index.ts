import type { ServiceDefinition } from '@sextant/api';
import { artifactRoutes } from './artifacts/artifacts.routes';
import { DEFAULT_ARTIFACT_MAX_BYTES } from './artifacts/artifacts.types';
import { trackingRouter } from './router';
import { TrackingModule } from './tracking.module';
import { configuredTrackingModule } from './webhooks/webhook-settings';
import { webhookDeliveriesConsumer, webhookDispatcherWorker } from './webhooks/webhooks.consumer';
import { type WebhookOptions, resolveWebhookOptions } from './webhooks/webhooks.types';

export { TrackingModule } from './tracking.module';
export { trackingRouter } from './router';
export type { TrackingRouter } from './router';
export {
  aliasMoved,
  datasetVersionCreated,
  gateEvaluated,
  modelVersionRegistered,
  runFinished,
} from './events';
export { DEFAULT_ARTIFACT_MAX_BYTES } from './artifacts/artifacts.types';
export { MAX_BATCH_METRICS } from './metrics/metrics.types';
export { decodeMetricValue, encodeMetricValue } from './metrics/metric-value';
export type { MetricValueJson } from './metrics/metric-value';
export {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
} from './webhooks/webhook-signature';
export { WEBHOOK_EVENT_NAMES, WEBHOOK_TEST_EVENT } from './webhooks/webhooks.types';
export type { WebhookBody, WebhookOptions } from './webhooks/webhooks.types';

export interface TrackingServiceOptions {
  /** Largest artifact `PUT` accepts, in bytes (413 past it). Default 5 GiB. */
  readonly artifactMaxBytes?: number;
  /** Registry webhooks: SSRF allowance, retries, timeouts (see WebhookOptions for defaults). */
  readonly webhooks?: WebhookOptions;
}

/** The tracking service as a host mounts it. */
export function createTrackingService(options: TrackingServiceOptions = {}): ServiceDefinition {
  // Checked here, so that a bad value fails where the host calls this, not at boot.
  const webhooks = resolveWebhookOptions(options.webhooks);
  return {
    name: 'tracking',
    module: configuredTrackingModule(TrackingModule, webhooks),
    router: trackingRouter,
    routes: artifactRoutes(options.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES),
    consumers: [webhookDeliveriesConsumer],
    workers: [webhookDispatcherWorker],
  };
}

export const trackingService: ServiceDefinition = createTrackingService();
