import type { ServiceDefinition } from '@sextant/api';
import { PipelinesModule } from './pipelines.module';
import { pipelinesRouter } from './router';

export { PipelinesModule } from './pipelines.module';
export { pipelinesRouter } from './router';
export type { PipelinesRouter } from './router';

export const pipelinesService: ServiceDefinition = {
  name: 'pipelines',
  module: PipelinesModule,
  router: pipelinesRouter,
};
