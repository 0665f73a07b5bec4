import type { ServiceDefinition } from '@sextant/api';
import { ServingModule } from './serving.module';
import { servingRouter } from './router';

export { ServingModule } from './serving.module';
export { servingRouter } from './router';
export type { ServingRouter } from './router';

export const servingService: ServiceDefinition = {
  name: 'serving',
  module: ServingModule,
  router: servingRouter,
};
