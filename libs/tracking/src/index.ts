import type { ServiceDefinition } from '@sextant/api';
import { TrackingModule } from './tracking.module';
import { trackingRouter } from './router';

export { TrackingModule } from './tracking.module';
export { trackingRouter } from './router';
export type { TrackingRouter } from './router';

export const trackingService: ServiceDefinition = {
  name: 'tracking',
  module: TrackingModule,
  router: trackingRouter,
};
