// serving: the tables owned by the serving service live in the PostgreSQL schema "serving".
// Only libs/serving writes them; other services learn of changes through events or its API.
import type { ServiceDefinition } from '@sextant/api';
import { inferenceRoutes } from './predict/inference.routes';
import { aliasMovedConsumer, versionRegisteredConsumer } from './registry/registry.consumers';
import { servingRouter } from './router';
import { ServingModule } from './serving.module';
import { type ServingWorkerOptions, servingWorkers } from './workers';

export { ServingModule } from './serving.module';
export { servingRouter } from './router';
export type { ServingRouter } from './router';
export type { ServingWorkerOptions } from './workers';

/** The serving service as a host mounts it (`workers`: how often its loops run). */
export function createServingService(
  options: { workers?: ServingWorkerOptions } = {},
): ServiceDefinition {
  return {
    name: 'serving',
    module: ServingModule,
    router: servingRouter,
    routes: inferenceRoutes(),
    consumers: [versionRegisteredConsumer, aliasMovedConsumer],
    workers: servingWorkers(options.workers),
  };
}

export const servingService: ServiceDefinition = createServingService();
