import type { ServiceDefinition } from '@sextant/api';
import { MonitoringModule } from './monitoring.module';
import { monitoringRouter } from './router';
import {
  deploymentChangedConsumer,
  labelsConsumer,
  predictionsConsumer,
} from './monitors/monitors.consumers';

export { MonitoringModule } from './monitoring.module';
export { monitoringRouter } from './router';
export type { MonitoringRouter } from './router';
export * from './drift';
export { DriftService } from './drift/drift.service';

export const monitoringService: ServiceDefinition = {
  name: 'monitoring',
  module: MonitoringModule,
  router: monitoringRouter,
  consumers: [deploymentChangedConsumer, predictionsConsumer, labelsConsumer],
};
