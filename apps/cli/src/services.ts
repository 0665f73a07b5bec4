import type { ServiceDefinition } from '@sextant/api';
import { monitoringService } from '@sextant/monitoring';
import { pipelinesService } from '@sextant/pipelines';
import { servingService } from '@sextant/serving';
import { trackingService } from '@sextant/tracking';

/** The four services `sextant up` hosts in one process. */
export const ALL_SERVICES: readonly ServiceDefinition[] = [
  trackingService,
  servingService,
  pipelinesService,
  monitoringService,
];
