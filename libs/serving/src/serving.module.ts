import { Module } from '@nestjs/common';

/**
 * The serving domain as a Nest module: its services and repositories are registered here, and a host
 * (the serving service app, or `sextant up`) imports it. It owns the PostgreSQL schema "serving".
 */
@Module({})
export class ServingModule {}
