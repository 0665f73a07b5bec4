import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { ROLES } from '../roles';
import { viewerProcedure } from '../trpc';

export const whoamiOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  keyId: z.uuid(),
  role: z.enum(ROLES),
});

/** `platform.whoami`: the caller's identity, as the key it sent establishes it. */
export const whoami = viewerProcedure.output(whoamiOutput).query(async ({ ctx }) => {
  const identity = ctx.identity!;
  const user = await ctx.platform.db.prisma.user.findUnique({ where: { id: identity.userId } });
  if (!user) throw new AppError('NOT_FOUND', 'the user of this key no longer exists');
  return { userId: user.id, email: user.email, keyId: identity.keyId, role: identity.role };
});
