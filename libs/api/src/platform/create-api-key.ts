import { adminProcedure } from '../trpc';
import { generateApiKey } from '../auth/api-keys';
import { createApiKeyInput, createApiKeyOutput } from './api-keys.types';

/** `platform.apiKeys.create` (admin): issues a key, creating its user if needed, and audits it. */
export const createApiKey = adminProcedure
  .input(createApiKeyInput)
  .output(createApiKeyOutput)
  .mutation(async ({ ctx, input }) => {
    const actor = ctx.identity!;
    return ctx.platform.db.prisma.$transaction(async (tx) => {
      const user = input.email
        ? await tx.user.upsert({
            where: { email: input.email },
            create: { email: input.email, role: input.role },
            update: {},
          })
        : await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
      const { key, prefix, hash } = generateApiKey();
      const row = await tx.apiKey.create({
        data: { userId: user.id, role: input.role, name: input.name, prefix, hash },
      });
      await tx.auditLog.create({
        data: {
          actorId: actor.userId,
          action: 'platform.api-key-created',
          target: row.id,
          details: { name: input.name, role: input.role, email: user.email },
        },
      });
      return { id: row.id, userId: user.id, role: row.role, key };
    });
  });
