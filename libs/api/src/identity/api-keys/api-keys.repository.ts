import { Inject, Injectable } from '@nestjs/common';
import type { ApiKey, Database, Role, Tx } from '@sextant/db';
import { DATABASE } from '../../tokens';

export type ApiKeyWithOwner = ApiKey & {
  user: { email: string; isAdmin: boolean; disabledAt: Date | null };
  project: { slug: string } | null;
};

export type ApiKeyForAuth = ApiKey & {
  user: { email: string; isAdmin: boolean; disabledAt: Date | null };
};

const withOwner = {
  user: { select: { email: true, isAdmin: true, disabledAt: true } },
  project: { select: { slug: true } },
} as const;

/** platform.api_keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** What authentication needs, and no more: it runs on every request. */
  findByPrefix(prefix: string): Promise<ApiKeyForAuth | null> {
    return this.db.prisma.apiKey.findUnique({
      where: { prefix },
      include: { user: withOwner.user },
    });
  }

  findById(id: string, tx: Tx = this.db.prisma): Promise<ApiKeyWithOwner | null> {
    return tx.apiKey.findUnique({ where: { id }, include: withOwner });
  }

  /** Newest first; only one user's keys unless `userId` is undefined. */
  list(filter: { userId?: string | undefined }): Promise<ApiKeyWithOwner[]> {
    return this.db.prisma.apiKey.findMany({
      where: { userId: filter.userId },
      include: withOwner,
      orderBy: { createdAt: 'desc' },
    });
  }

  create(
    tx: Tx,
    data: {
      userId: string;
      projectId: string | null;
      name: string;
      role: Role;
      /** The one deployment of `projectId` the key may predict on, or null. */
      predictDeployment: string | null;
      prefix: string;
      hash: string;
    },
  ): Promise<ApiKeyWithOwner> {
    return tx.apiKey.create({ data, include: withOwner });
  }

  revoke(tx: Tx, id: string, at: Date): Promise<ApiKeyWithOwner> {
    return tx.apiKey.update({ where: { id }, data: { revokedAt: at }, include: withOwner });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
