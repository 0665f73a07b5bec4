import { z } from 'zod';
import { publicProcedure } from './trpc';
import type { PlatformDeps } from './context';

export const serviceHealthSchema = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  db: z.object({
    ok: z.boolean(),
    kind: z.enum(['postgres', 'pglite']),
    latencyMs: z.number().nullable(),
    error: z.string().nullable(),
  }),
  bus: z.object({
    ok: z.boolean(),
    transport: z.enum(['kafka', 'database', 'memory']),
    error: z.string().nullable(),
  }),
});
export type ServiceHealth = z.output<typeof serviceHealthSchema>;

/** Probes the database and the bus a service runs on. */
export async function checkHealth(service: string, platform: PlatformDeps): Promise<ServiceHealth> {
  // Health is public: it says what is down, never why (the reason may name hosts or users).
  const [db, bus] = await Promise.all([
    platform.db.ping().then(
      (latencyMs) => ({ ok: true, latencyMs, error: null }),
      () => ({ ok: false, latencyMs: null, error: 'database unreachable' }),
    ),
    platform.bus.status().then(
      (s) => ({ ok: s.ok, error: s.ok ? null : 'broker unreachable' }),
      () => ({ ok: false, error: 'broker unreachable' }),
    ),
  ]);
  return {
    service,
    status: db.ok && bus.ok ? 'ok' : 'degraded',
    version: platform.version,
    uptimeSeconds: Math.round((Date.now() - platform.startedAt.getTime()) / 1000),
    db: { ...db, kind: platform.db.kind },
    bus: { ...bus, transport: platform.bus.transport.name },
  };
}

/** The `health` procedure every service router has: public, no input. */
export function healthProcedure(service: string) {
  return publicProcedure
    .output(serviceHealthSchema)
    .query(({ ctx }) => checkHealth(service, ctx.platform));
}
