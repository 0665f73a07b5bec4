import type { ServiceDefinition } from '@sextant/api';
import { artifactRoutes } from './artifacts/artifacts.routes';
import { DEFAULT_ARTIFACT_MAX_BYTES } from './artifacts/artifacts.types';
import { trackingRouter } from './router';
import { TrackingModule } from './tracking.module';

export { TrackingModule } from './tracking.module';
export { trackingRouter } from './router';
export type { TrackingRouter } from './router';
export { aliasMoved, datasetVersionCreated, modelVersionRegistered, runFinished } from './events';
export { DEFAULT_ARTIFACT_MAX_BYTES } from './artifacts/artifacts.types';
export { MAX_BATCH_METRICS } from './metrics/metrics.types';
export { decodeMetricValue, encodeMetricValue } from './metrics/metric-value';
export type { MetricValueJson } from './metrics/metric-value';

export interface TrackingServiceOptions {
  /** Largest artifact `PUT` accepts, in bytes (413 past it). Default 5 GiB. */
  readonly artifactMaxBytes?: number;
}

/** The tracking service as a host mounts it. */
export function createTrackingService(options: TrackingServiceOptions = {}): ServiceDefinition {
  return {
    name: 'tracking',
    module: TrackingModule,
    router: trackingRouter,
    routes: artifactRoutes(options.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES),
  };
}

export const trackingService: ServiceDefinition = createTrackingService();
