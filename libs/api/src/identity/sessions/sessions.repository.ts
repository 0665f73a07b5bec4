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

  /** Failed sign-ins naming `email` since `since`: how many, and the oldest. */
  async failuresSince(email: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const found = await this.db.prisma.signInFailure.aggregate({
      where: { email, at: { gte: since } },
      _count: { _all: true },
      _min: { at: true },
    });
    return { count: found._count._all, oldest: found._min.at };
  }

  /** Records a failed sign-in and forgets every failure older than `forgetBefore`. */
  async recordFailure(email: string, at: Date, forgetBefore: Date): Promise<void> {
    await this.db.prisma.$transaction([
      this.db.prisma.signInFailure.deleteMany({ where: { at: { lt: forgetBefore } } }),
      this.db.prisma.signInFailure.create({ data: { email, at } }),
    ]);
  }

  /** A successful sign-in forgets the email's failures. */
  async clearFailures(tx: Tx, email: string): Promise<void> {
    await tx.signInFailure.deleteMany({ where: { email } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.prisma.session.update({ where: { id }, data: { lastSeenAt: at } });
  }
}
