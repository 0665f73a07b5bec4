import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  ARTIFACT_STORE,
  CLOCK,
  DATABASE,
  EVENT_BUS,
  IdentityModule,
  type NowClock,
  PLATFORM,
  type PlatformDeps,
  type ServiceDefinition,
} from '@sextant/api';
import type { Metrics } from '@sextant/observability';
import { ProbesController } from './probes.controller';
import { METRICS } from './tokens';

/**
 * The root module of a Sextant process: provides the ports (database, bus, clock, metrics) to
 * every module it hosts — identity, and the domain modules — and the probes (/healthz, /readyz,
 * /metrics).
 */
@Global()
@Module({})
export class PlatformModule {
  static register(
    platform: PlatformDeps,
    clock: NowClock,
    metrics: Metrics,
    services: readonly ServiceDefinition[],
  ): DynamicModule {
    const providers = [
      { provide: PLATFORM, useValue: platform },
      { provide: DATABASE, useValue: platform.db },
      { provide: EVENT_BUS, useValue: platform.bus },
      { provide: CLOCK, useValue: clock },
      { provide: ARTIFACT_STORE, useValue: platform.artifacts },
      { provide: METRICS, useValue: metrics },
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [IdentityModule, ...services.map((s) => s.module as DynamicModule['module'])],
      controllers: [ProbesController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
