import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PLATFORM, type PlatformDeps, type ServiceDefinition } from '@sextant/api';
import { ProbesController } from './probes.controller';
import { METRICS } from './tokens';
import type { Metrics } from '@sextant/observability';

/**
 * The root module of a Sextant process: provides the platform (database, bus) to every domain
 * module it hosts, and the probes (/healthz, /readyz, /metrics).
 */
@Global()
@Module({})
export class PlatformModule {
  static register(
    platform: PlatformDeps,
    metrics: Metrics,
    services: readonly ServiceDefinition[],
  ): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: services.map((s) => s.module as DynamicModule['module']),
      controllers: [ProbesController],
      providers: [
        { provide: PLATFORM, useValue: platform },
        { provide: METRICS, useValue: metrics },
      ],
      exports: [PLATFORM, METRICS],
    };
  }
}
