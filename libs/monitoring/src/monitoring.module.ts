import { Module } from '@nestjs/common';

/**
 * The monitoring domain as a Nest module: its services and repositories are registered here, and a host
 * (the monitoring service app, or `sextant up`) imports it. It owns the PostgreSQL schema "monitoring".
 */
@Module({})
export class MonitoringModule {}
