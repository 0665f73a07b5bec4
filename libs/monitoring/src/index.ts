import type { ServiceDefinition } from '@sextant/api';
import { MonitoringModule } from './monitoring.module';
import { monitoringRouter } from './router';

export { MonitoringModule } from './monitoring.module';
export { monitoringRouter } from './router';
export type { MonitoringRouter } from './router';

export const monitoringService: ServiceDefinition = {
  name: 'monitoring',
  module: MonitoringModule,
  router: monitoringRouter,
};
