import { Inject, Injectable } from '@nestjs/common';
import { KeyCache } from '../../auth/key-cache';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { generateInitialPassword, hashPassword, verifyPassword } from '../../auth/secrets';
import type { Caller } from '../../context';
import { CLOCK, DATABASE, type NowClock } from '../../tokens';
import { recordAudit } from '../audit/audit.repository';
import { ProjectsService } from '../projects/projects.service';
import type { ProjectSummary } from '../projects/projects.types';
import { SessionsRepository } from '../sessions/sessions.repository';
import { UsersRepository } from './users.repository';
import { type UserSummary, toUserSummary } from './users.types';

/** Users: created by a platform admin with a one-time password, disabled, re-enabled. */
@Injectable()
export class UsersService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly projects: ProjectsService,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly cache: KeyCache,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** The caller as `platform.whoami` shows them: who, how they signed in, their projects. */
  async describe(caller: Caller): Promise<{
    user: UserSummary;
    projects: ProjectSummary[];
    keyProject: string | null;
  }> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new AppError('NOT_FOUND', 'This user no longer exists');
    return {
      user: toUserSummary(user),
      projects: await this.projects.list(caller),
      keyProject: await this.projects.keyScope(caller),
    };
  }

  async list(): Promise<UserSummary[]> {
    return (await this.users.list()).map(toUserSummary);
  }

  /** Creates a user with a one-time password (returned once, stored as argon2id). */
  async create(
    actor: Caller,
    input: { email: string; name?: string | undefined; isAdmin: boolean },
  ): Promise<{ user: UserSummary; initialPassword: string }> {
    const initialPassword = generateInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    const user = await this.tx.run(async (tx) => {
      if (await this.users.findByEmail(input.email, tx)) {
        throw new AppError('CONFLICT', `A user with email ${input.email} exists already`, {
          fields: [{ path: 'email', message: 'already taken' }],
        });
      }
      const created = await this.users.create(tx, {
        email: input.email,
        name: input.name ?? null,
        isAdmin: input.isAdmin,
        passwordHash,
        mustChangePassword: true,
      });
      await recordAudit(tx, {
        actor,
        action: 'platform.user-created',
        target: created.email,
        after: { email: created.email, name: created.name, isAdmin: created.isAdmin },
      });
      return created;
    });
    return { user: toUserSummary(user), initialPassword };
  }

  /** Disables (or re-enables) a user: a disabled user's keys and sessions stop working at once. */
  async setDisabled(actor: Caller, id: string, disabled: boolean): Promise<UserSummary> {
    if (disabled && id === actor.userId) {
      throw new AppError('BAD_REQUEST', 'You cannot disable yourself', {
        fields: [{ path: 'id', message: 'is you' }],
      });
    }
    const user = await this.tx.run(async (tx) => {
      const before = await this.users.findById(id, tx);
      if (!before) throw new AppError('NOT_FOUND', `User ${id} does not exist`);
      const now = this.clock.now();
      const after = await this.users.update(tx, id, { disabledAt: disabled ? now : null });
      if (disabled) await this.sessions.revokeAllForUser(tx, id, now);
      await recordAudit(tx, {
        actor,
        action: disabled ? 'platform.user-disabled' : 'platform.user-enabled',
        target: after.email,
        before: { disabledAt: before.disabledAt },
        after: { disabledAt: after.disabledAt },
      });
      return after;
    });
    if (disabled) this.cache.forgetUser(id);
    return toUserSummary(user);
  }

  /** A platform admin issues a new one-time password (the user must change it at sign-in). */
  async resetPassword(actor: Caller, id: string): Promise<{ initialPassword: string }> {
    const initialPassword = generateInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    await this.tx.run(async (tx) => {
      const user = await this.users.findById(id, tx);
      if (!user) throw new AppError('NOT_FOUND', `User ${id} does not exist`);
      await this.users.update(tx, id, { passwordHash, mustChangePassword: true });
      await this.sessions.revokeAllForUser(tx, id, this.clock.now());
      await recordAudit(tx, { actor, action: 'platform.password-reset', target: user.email });
    });
    return { initialPassword };
  }

  /** The caller changes their own password; their other sessions end. */
  async changePassword(
    actor: Caller,
    input: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const user = await this.users.findById(actor.userId);
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError('BAD_REQUEST', 'The current password is wrong', {
        fields: [{ path: 'currentPassword', message: 'wrong password' }],
      });
    }
    if (input.newPassword === input.currentPassword) {
      throw new AppError('BAD_REQUEST', 'The new password must differ from the current one', {
        fields: [{ path: 'newPassword', message: 'same as the current password' }],
      });
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.tx.run(async (tx) => {
      await this.users.update(tx, user.id, { passwordHash, mustChangePassword: false });
      const keep = actor.credential.kind === 'session' ? actor.credential.sessionId : undefined;
      await this.sessions.revokeAllForUser(tx, user.id, this.clock.now(), keep);
      await recordAudit(tx, { actor, action: 'platform.password-changed', target: user.email });
    });
  }
}
