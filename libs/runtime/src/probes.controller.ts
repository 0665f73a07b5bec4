import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PLATFORM, type PlatformDeps, checkHealth } from '@sextant/api';
import type { Metrics } from '@sextant/observability';
import { METRICS } from './tokens';

/** Liveness, readiness and metrics, outside tRPC so that orchestrators and Prometheus can call them. */
@Controller()
export class ProbesController {
  constructor(
    @Inject(PLATFORM) private readonly platform: PlatformDeps,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /** Alive: the process answers. */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready: the database and the bus are reachable; 503 otherwise. */
  @Get('readyz')
  async readyz(@Res() reply: FastifyReply): Promise<void> {
    const health = await checkHealth('process', this.platform);
    const ready = health.status === 'ok';
    await reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', db: health.db.ok, bus: health.bus.ok });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('Content-Type', this.metrics.contentType).send(await this.metrics.render());
  }
}
