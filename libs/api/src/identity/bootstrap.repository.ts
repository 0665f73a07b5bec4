import { ADVISORY_LOCKS, type PrismaClient } from '@sextant/db';
import { generateApiKey, generateInitialPassword, hashPassword } from '../auth/secrets';

export const DEFAULT_PROJECT = 'default';

export interface BootstrappedAdmin {
  readonly email: string;
  /** Shown once: only its sha256 is stored. */
  readonly key: string;
  /** A one-time password for the console (argon2id stored; it must be changed at sign-in). */
  readonly password: string;
}

/**
 * First start: makes sure the `default` project exists and, when no user exists, creates a
 * platform admin (admin of `default`) with an API key and a one-time password, returned once.
 * Null when users exist already. Safe against concurrent starts (an advisory lock).
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  email = 'admin@sextant.local',
): Promise<BootstrappedAdmin | null> {
  const password = generateInitialPassword();
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.bootstrapAdmin})`;
    const project = await tx.project.upsert({
      where: { slug: DEFAULT_PROJECT },
      create: { slug: DEFAULT_PROJECT, name: 'Default', description: 'Created with the platform' },
      update: {},
    });
    if ((await tx.user.count()) > 0) return null;
    const user = await tx.user.create({
      data: { email, name: 'Administrator', isAdmin: true, passwordHash, mustChangePassword: true },
    });
    await tx.membership.create({ data: { projectId: project.id, userId: user.id, role: 'admin' } });
    const { key, prefix, hash } = generateApiKey();
    await tx.apiKey.create({
      data: { userId: user.id, role: 'admin', name: 'first admin key', prefix, hash },
    });
    await tx.auditLog.create({
      data: { actorId: user.id, action: 'platform.admin-bootstrapped', target: email },
    });
    return { email, key, password };
  });
}
