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
 * (429, before any password is checked) until the oldest of them is older than the window. Each
 * attempt is taken as a row before its password is checked, under the email's lock, and kept if
 * it fails: concurrent guesses count too, and every replica counts them alike. Like Grafana's
 * brute-force protection it is per email, so anyone can keep a known email locked out of the
 * console (its API keys keep working).
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
    const attempt = await this.sessions.reserveAttempt(email, started, since, SIGN_IN_MAX_FAILURES);
    if (!attempt.ok) {
      // The next attempt is allowed once all but MAX − 1 of these are older than the window.
      const freedBy = attempt.times[attempt.times.length - SIGN_IN_MAX_FAILURES] ?? started;
      const seconds = Math.max(
        1,
        Math.ceil((freedBy.getTime() + SIGN_IN_WINDOW_MS - started.getTime()) / 1000),
      );
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed sign-ins for this email: try again in ${seconds} s`,
        {
          fields: [
            { path: 'email', message: `${attempt.times.length} failed sign-ins in 5 minutes` },
          ],
        },
      );
    }
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(
      user?.passwordHash ?? (await dummyPasswordHash()),
      input.password,
    );
    // A failure keeps the attempt's row: it counts against the email for SIGN_IN_WINDOW_MS.
    if (!user || !user.passwordHash || !ok) {
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
