import type { ServiceDefinition } from '@sextant/api';
import { type MonitoringServiceOptions, createMonitoringService } from '@sextant/monitoring';
import { pipelinesService } from '@sextant/pipelines';
import { servingService } from '@sextant/serving';
import { type TrackingServiceOptions, createTrackingService } from '@sextant/tracking';

/** The four services `sextant up` hosts in one process, with the host's tracking and monitoring options. */
export function platformServices(
  options: {
    readonly tracking?: TrackingServiceOptions;
    readonly monitoring?: MonitoringServiceOptions;
  } = {},
): readonly ServiceDefinition[] {
  return [
    createTrackingService(options.tracking),
    servingService,
    pipelinesService,
    createMonitoringService(options.monitoring),
  ];
}

/** The four services with their default options (tests host these). */
export const ALL_SERVICES: readonly ServiceDefinition[] = platformServices();
