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

  /**
   * Takes a sign-in attempt for `email` unless `max` attempts (failed, or under way) were taken
   * since `since`; an attempt is a row until its sign-in succeeds (`clearFailures`). One
   * transaction holding the email's advisory lock: concurrent attempts queue, so a burst cannot
   * test more than `max` passwords. Rows older than `since` (any email's) go meanwhile. Refused:
   * the times of the attempts in the window, oldest first.
   */
  reserveAttempt(
    email: string,
    at: Date,
    since: Date,
    max: number,
  ): Promise<{ ok: true } | { ok: false; times: Date[] }> {
    return this.db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${email}, 0))`;
      await tx.signInFailure.deleteMany({ where: { at: { lt: since } } });
      const recent = await tx.signInFailure.findMany({
        where: { email, at: { gte: since } },
        orderBy: { at: 'asc' },
        select: { at: true },
      });
      if (recent.length >= max) return { ok: false, times: recent.map((r) => r.at) };
      await tx.signInFailure.create({ data: { email, at } });
      return { ok: true };
    });
  }

  /** A successful sign-in forgets the email's attempts (its own included). */
  async clearFailures(tx: Tx, email: string): Promise<void> {
    await tx.signInFailure.deleteMany({ where: { email } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.prisma.session.update({ where: { id }, data: { lastSeenAt: at } });
  }
}
