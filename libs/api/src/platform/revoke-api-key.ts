import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { adminProcedure } from '../trpc';
import { revokeApiKeyInput } from './api-keys.types';

/** `platform.apiKeys.revoke` (admin): the key stops working at once; revoking twice is a no-op. */
export const revokeApiKey = adminProcedure
  .input(revokeApiKeyInput)
  .output(z.object({ id: z.uuid(), revokedAt: z.iso.datetime() }))
  .mutation(async ({ ctx, input }) =>
    ctx.platform.db.prisma.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id: input.id } });
      if (!key) throw new AppError('NOT_FOUND', `API key ${input.id} does not exist`);
      if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt.toISOString() };
      const row = await tx.apiKey.update({
        where: { id: key.id },
        data: { revokedAt: new Date() },
      });
      await tx.auditLog.create({
        data: { actorId: ctx.identity!.userId, action: 'platform.api-key-revoked', target: key.id },
      });
      return { id: row.id, revokedAt: row.revokedAt!.toISOString() };
    }),
  );
