import { Module } from '@nestjs/common';

/**
 * The pipelines domain as a Nest module: its services and repositories are registered here, and a host
 * (the pipelines service app, or `sextant up`) imports it. It owns the PostgreSQL schema "pipelines".
 */
@Module({})
export class PipelinesModule {}
