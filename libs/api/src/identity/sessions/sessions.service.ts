import { Inject, Injectable } from '@nestjs/common';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { SESSION_TTL_MS } from '../../auth/session-cookie';
import { dummyPasswordHash, generateSessionToken, verifyPassword } from '../../auth/secrets';
import type { Caller } from '../../context';
import { CLOCK, DATABASE, type NowClock } from '../../tokens';
import { recordAudit } from '../audit/audit.repository';
import { UsersRepository } from '../users/users.repository';
import { SessionsRepository } from './sessions.repository';

/** Failed sign-ins naming one email, within SIGN_IN_WINDOW_MS, after which it is refused. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 5 * 60_000;

/**
 * Console sign-in: a password for a session token (its hash stored), and sign-out. Guessing is
 * throttled per email (known or not, so that the answer tells nothing about who exists): after
 * SIGN_IN_MAX_FAILURES failures within SIGN_IN_WINDOW_MS, sign-in with that email is refused
 * (429, before any password is checked) until the oldest of them is older than the window. The
 * failures are rows in the database, so every replica counts them alike.
 */
@Injectable()
export class SessionsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    @Inject(CLOCK) private readonly clock: NowClock,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /**
   * Checks the password (an unknown email costs the same argon2 verify, and gets the same
   * answer) and opens a session. The plain token goes into the cookie only.
   */
  async signIn(input: {
    email: string;
    password: string;
    userAgent: string | undefined;
  }): Promise<{ token: string; expiresAt: Date; userId: string; mustChangePassword: boolean }> {
    const email = input.email.toLowerCase();
    const started = this.clock.now();
    const since = new Date(started.getTime() - SIGN_IN_WINDOW_MS);
    const failures = await this.sessions.failuresSince(email, since);
    if (failures.count >= SIGN_IN_MAX_FAILURES) {
      const retryAt = (failures.oldest ?? started).getTime() + SIGN_IN_WINDOW_MS;
      const seconds = Math.max(1, Math.ceil((retryAt - started.getTime()) / 1000));
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed sign-ins for this email: try again in ${seconds} s`,
        { fields: [{ path: 'email', message: `${failures.count} failed sign-ins in 5 minutes` }] },
      );
    }
    const user = await this.users.findByEmail(input.email);
    const ok = await verifyPassword(
      user?.passwordHash ?? (await dummyPasswordHash()),
      input.password,
    );
    if (!user || !user.passwordHash || !ok) {
      await this.sessions.recordFailure(email, started, since);
      throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
    }
    if (user.disabledAt) throw new AppError('UNAUTHENTICATED', 'This user is disabled');
    const { token, hash } = generateSessionToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.tx.run(async (tx) => {
      const session = await this.sessions.create(tx, {
        userId: user.id,
        hash,
        expiresAt,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await this.sessions.clearFailures(tx, email);
      await recordAudit(tx, {
        actor: { userId: user.id },
        action: 'platform.signed-in',
        target: session.id,
      });
    });
    return { token, expiresAt, userId: user.id, mustChangePassword: user.mustChangePassword };
  }

  async signOut(caller: Caller): Promise<void> {
    if (caller.credential.kind !== 'session') return;
    const sessionId = caller.credential.sessionId;
    await this.tx.run(async (tx) => {
      await this.sessions.revoke(tx, sessionId, this.clock.now());
      await recordAudit(tx, { actor: caller, action: 'platform.signed-out', target: sessionId });
    });
  }
}
