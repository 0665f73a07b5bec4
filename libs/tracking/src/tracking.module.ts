import { Module } from '@nestjs/common';

/**
 * The tracking domain as a Nest module: its services and repositories are registered here, and a host
 * (the tracking service app, or `sextant up`) imports it. It owns the PostgreSQL schema "tracking".
 */
@Module({})
export class TrackingModule {}
