import { z } from 'zod';
import { adminProcedure } from '../trpc';
import { apiKeySummary } from './api-keys.types';

/** `platform.apiKeys.list` (admin): every key, newest first, never its secret. */
export const listApiKeys = adminProcedure.output(z.array(apiKeySummary)).query(async ({ ctx }) => {
  const rows = await ctx.platform.db.prisma.apiKey.findMany({
    include: { user: { select: { email: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    email: r.user.email,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
});
