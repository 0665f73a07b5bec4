import type { ServiceDefinition } from '@sextant/api';
import { monitoringService } from '@sextant/monitoring';
import { pipelinesService } from '@sextant/pipelines';
import { servingService } from '@sextant/serving';
import { type TrackingServiceOptions, createTrackingService } from '@sextant/tracking';

/** The four services `sextant up` hosts in one process, with the host's tracking options. */
export function platformServices(
  options: { readonly tracking?: TrackingServiceOptions } = {},
): readonly ServiceDefinition[] {
  return [
    createTrackingService(options.tracking),
    servingService,
    pipelinesService,
    monitoringService,
  ];
}

/** The four services with their default options (tests host these). */
export const ALL_SERVICES: readonly ServiceDefinition[] = platformServices();
