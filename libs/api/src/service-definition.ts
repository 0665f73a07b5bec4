import type { AnyRouter } from '@trpc/server';
import type { PlatformDeps } from './context';

/**
 * What a domain lib hands to a host: its name (the router is served at /trpc/<name>), its Nest
 * module, its router, and what to start once the platform is up (consumers, schedulers).
 */
export interface ServiceDefinition {
  readonly name: 'tracking' | 'serving' | 'pipelines' | 'monitoring';
  // Nest modules are classes; typed loosely here so that this lib does not depend on Nest.
  readonly module: abstract new (...args: never[]) => unknown;
  readonly router: AnyRouter;
  readonly onStart?: (platform: PlatformDeps) => Promise<{ stop(): Promise<void> } | void>;
}
