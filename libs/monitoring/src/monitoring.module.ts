import { Module } from '@nestjs/common';
import { DriftService } from './drift/drift.service';
import { DriftTestRegistry, builtInDriftTests } from './drift/drift-test-registry';
import { MonitorsRepository } from './monitors/monitors.repository';
import { MonitorsService } from './monitors/monitors.service';
import { WindowsService } from './monitors/windows.service';
import { PluginHost } from './plugins/plugin-host';

const providers = [
  // The drift tests the service runs: the built-ins and the plugins discovered at start-up (the
  // PluginHost of createMonitoringService); the built-ins alone when the module is used bare.
  {
    provide: DriftTestRegistry,
    useFactory: (host?: PluginHost) => host?.registry ?? builtInDriftTests(),
    inject: [{ token: PluginHost, optional: true }],
  },
  DriftService,
  MonitorsRepository,
  MonitorsService,
  WindowsService,
];

/**
 * The monitoring domain as a Nest module: its services and repositories are registered here, and a host
 * (the monitoring service app, or `sextant up`) imports it. It owns the PostgreSQL schema "monitoring".
 */
@Module({ providers, exports: providers })
export class MonitoringModule {}
