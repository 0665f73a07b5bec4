import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@sextant/db';
import type { Identity } from '../context';
import { type Role, roleAllows } from '../roles';

/**
 * API keys look like `sx_<prefix>_<secret>`. Only the sha256 of the whole key is stored (a key has
 * 192 random bits, so a fast hash is enough, as for GitHub tokens); the prefix finds the row.
 */
const KEY = /^sx_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const key = `sx_${prefix}_${secret}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export type KeyCheck = { ok: true; identity: Identity } | { ok: false; reason: string };

export class ApiKeyService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a key for a user; the plain key is returned once and never stored. */
  async issue(input: {
    userId: string;
    role: Role;
    name: string;
  }): Promise<{ id: string; key: string }> {
    const { key, prefix, hash } = generateApiKey();
    const row = await this.prisma.apiKey.create({
      data: { userId: input.userId, role: input.role, name: input.name, prefix, hash },
    });
    return { id: row.id, key };
  }

  /** Resolves an `Authorization` header to an identity, or says why it cannot. */
  async verifyHeader(header: string | undefined): Promise<KeyCheck | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return { ok: false, reason: 'Authorization must be "Bearer <api key>"' };
    return this.verify(match[1]!);
  }

  async verify(key: string): Promise<KeyCheck> {
    const parts = KEY.exec(key);
    if (!parts) return { ok: false, reason: 'Malformed API key' };
    const row = await this.prisma.apiKey.findUnique({
      where: { prefix: parts[1]! },
      include: { user: { select: { role: true } } },
    });
    const expected = Buffer.from(row?.hash ?? '0'.repeat(64), 'hex');
    const actual = Buffer.from(hashApiKey(key), 'hex');
    if (!row || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'Unknown API key' };
    if (row.revokedAt) return { ok: false, reason: 'This API key was revoked' };
    this.touch(row.id, row.lastUsedAt);
    // A key never grants more than its user holds now: demoting a user demotes their keys.
    const role = roleAllows(row.user.role, row.role) ? row.role : row.user.role;
    return { ok: true, identity: { userId: row.userId, keyId: row.id, role } };
  }

  /** Records when a key was last used, at most once a minute per key, off the request path. */
  private touch(id: string, lastUsedAt: Date | null): void {
    if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return;
    this.prisma.apiKey
      .update({ where: { id }, data: { lastUsedAt: new Date() } })
      .catch(() => undefined);
  }
}

/**
 * Standalone first start: when no user exists, create an admin and a key for it. Returns the
 * plain key (to print once) or null when users already exist. Safe against concurrent starts.
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  email = 'admin@sextant.local',
): Promise<{ email: string; key: string } | null> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7391)`;
    if ((await tx.user.count()) > 0) return null;
    const user = await tx.user.create({ data: { email, name: 'Administrator', role: 'admin' } });
    const { key, prefix, hash } = generateApiKey();
    await tx.apiKey.create({
      data: { userId: user.id, role: 'admin', name: 'first admin key', prefix, hash },
    });
    await tx.auditLog.create({
      data: { actorId: user.id, action: 'platform.admin-bootstrapped', target: email },
    });
    return { email, key };
  });
}
