import { Module } from '@nestjs/common';
import { DriftService } from './drift/drift.service';
import { DriftTestRegistry, builtInDriftTests } from './drift/drift-test-registry';
import { MonitorsRepository } from './monitors/monitors.repository';
import { MonitorsService } from './monitors/monitors.service';
import { WindowsService } from './monitors/windows.service';

const providers = [
  // The drift tests the service runs: the built-in plugin (third-party plugins join at start-up).
  { provide: DriftTestRegistry, useFactory: builtInDriftTests },
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
