import { Inject, Injectable } from '@nestjs/common';
import type { Database, Session, Tx } from '@sextant/db';
import { DATABASE } from '../../tokens';

export type SessionWithUser = Session & {
  user: { email: string; isAdmin: boolean; disabledAt: Date | null };
};

/** platform.sessions: console sign-ins, stored as the sha256 of their token. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findByHash(hash: string): Promise<SessionWithUser | null> {
    return this.db.prisma.session.findUnique({
      where: { hash },
      include: { user: { select: { email: true, isAdmin: true, disabledAt: true } } },
    });
  }

  create(
    tx: Tx,
    data: { userId: string; hash: string; expiresAt: Date; userAgent: string | null },
  ): Promise<Session> {
    return tx.session.create({ data });
  }

  async revoke(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  }

  /** Signs a user out everywhere (but `exceptId`): after a password change or a disable. */
  async revokeAllForUser(tx: Tx, userId: string, at: Date, exceptId?: string): Promise<void> {
    await tx.session.updateMany({
      where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
      data: { revokedAt: at },
    });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.prisma.session.update({ where: { id }, data: { lastSeenAt: at } });
  }
}
