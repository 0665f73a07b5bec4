import type { AnyRouter } from '@trpc/server';

/**
 * What a domain lib hands to a host: its name (the router is served at /trpc/<name>), its Nest
 * module and its router.
 */
export interface ServiceDefinition {
  readonly name: 'tracking' | 'serving' | 'pipelines' | 'monitoring';
  // Nest modules are classes; typed loosely here so that this lib does not depend on Nest.
  readonly module: abstract new (...args: never[]) => unknown;
  readonly router: AnyRouter;
}
