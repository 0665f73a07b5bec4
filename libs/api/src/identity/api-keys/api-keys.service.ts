import { Inject, Injectable } from '@nestjs/common';
import { KeyCache } from '../../auth/key-cache';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { generateApiKey } from '../../auth/secrets';
import type { Caller } from '../../context';
import { type Role, roleAllows } from '../../roles';
import { CLOCK, DATABASE, type NowClock } from '../../tokens';
import { recordAudit } from '../audit/audit.repository';
import { ProjectAccess, isPlatformAdmin } from '../projects/project-access';
import { UsersRepository } from '../users/users.repository';
import { ApiKeysRepository } from './api-keys.repository';
import { type ApiKeySummary, toApiKeySummary } from './api-keys.types';

/**
 * API keys: a user makes keys for themselves (a platform admin also for others), scoped to one
 * project or to all of the user's projects, with a role cap — or scoped to predicting on one
 * deployment of one project (a viewer that every other procedure and route refuses). The plain
 * key is returned once.
 */
@Injectable()
export class ApiKeysService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly access: ProjectAccess,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly cache: KeyCache,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  async create(
    caller: Caller,
    input: {
      name: string;
      /** Required unless `predictOn` is set (a predict key is a viewer). */
      role?: Role | undefined;
      project?: string | null | undefined;
      email?: string | undefined;
      predictOn?: { deployment: string } | null | undefined;
    },
  ): Promise<ApiKeySummary & { key: string; userId: string }> {
    const predictDeployment = input.predictOn?.deployment ?? null;
    if (predictDeployment !== null && !input.project) {
      throw new AppError(
        'BAD_REQUEST',
        'A key that only predicts on a deployment needs a project',
        {
          fields: [{ path: 'project', message: 'required for a key that only predicts' }],
        },
      );
    }
    if (predictDeployment !== null && input.role !== undefined && input.role !== 'viewer') {
      throw new AppError('BAD_REQUEST', 'A key that only predicts on a deployment is a viewer', {
        fields: [{ path: 'role', message: 'must be viewer (or omitted) with predictOn' }],
      });
    }
    const role: Role | undefined = predictDeployment !== null ? 'viewer' : input.role;
    if (role === undefined) {
      throw new AppError('BAD_REQUEST', 'Invalid input: role: Required', {
        fields: [{ path: 'role', message: 'Required' }],
      });
    }
    // A key can't be used to mint a stronger key.
    if (caller.credential.kind === 'key') {
      if (!roleAllows(caller.credential.role, role)) {
        throw new AppError(
          'FORBIDDEN',
          `Your key's role (${caller.credential.role}) is below ${role}`,
        );
      }
      if (caller.credential.projectId !== null && !input.project) {
        throw new AppError(
          'FORBIDDEN',
          'A project-scoped key can only create keys for its project',
          {
            fields: [{ path: 'project', message: 'required for a project-scoped key' }],
          },
        );
      }
    }
    let owner = { userId: caller.userId, email: caller.email, isAdmin: caller.isAdmin };
    if (input.email && input.email !== caller.email) {
      if (!isPlatformAdmin(caller)) {
        throw new AppError('FORBIDDEN', 'Only a platform admin makes keys for other users');
      }
      const user = await this.users.findByEmail(input.email);
      if (!user) {
        throw new AppError('NOT_FOUND', `No user has the email ${input.email}`, {
          fields: [{ path: 'email', message: 'no such user' }],
        });
      }
      owner = { userId: user.id, email: user.email, isAdmin: user.isAdmin };
    }
    // A project-scoped key needs its owner to be a member of the project.
    let projectId: string | null = null;
    if (input.project) {
      projectId = (await this.access.membershipOf(owner, input.project)).id;
      if (
        caller.credential.kind === 'key' &&
        caller.credential.projectId !== null &&
        caller.credential.projectId !== projectId
      ) {
        throw new AppError(
          'FORBIDDEN',
          'A project-scoped key can only create keys for its project',
        );
      }
    }
    const { key, prefix, hash } = generateApiKey();
    const row = await this.tx.run(async (tx) => {
      const created = await this.keys.create(tx, {
        userId: owner.userId,
        projectId,
        name: input.name,
        role,
        predictDeployment,
        prefix,
        hash,
      });
      await recordAudit(tx, {
        actor: caller,
        project: projectId,
        action: 'platform.api-key-created',
        target: created.id,
        after: {
          name: created.name,
          role: created.role,
          email: owner.email,
          project: input.project ?? null,
          predictOn: predictDeployment,
        },
      });
      return created;
    });
    return { ...toApiKeySummary(row), key, userId: owner.userId };
  }

  /** The caller's keys; a platform admin may ask for everyone's. */
  async list(caller: Caller, all: boolean): Promise<ApiKeySummary[]> {
    if (all && !isPlatformAdmin(caller)) {
      throw new AppError('FORBIDDEN', "Only a platform admin lists everyone's keys");
    }
    const rows = await this.keys.list({ userId: all ? undefined : caller.userId });
    return rows.map(toApiKeySummary);
  }

  /** Revokes a key at once; revoking twice is a no-op. Owners revoke their own, admins any. */
  async revoke(caller: Caller, id: string): Promise<{ id: string; revokedAt: string }> {
    const result = await this.tx.run(async (tx) => {
      const key = await this.keys.findById(id, tx);
      if (!key || (key.userId !== caller.userId && !isPlatformAdmin(caller))) {
        throw new AppError('NOT_FOUND', `API key ${id} does not exist`, {
          fields: [{ path: 'id', message: 'not found' }],
        });
      }
      if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt.toISOString() };
      const row = await this.keys.revoke(tx, key.id, this.clock.now());
      await recordAudit(tx, {
        actor: caller,
        project: key.projectId,
        action: 'platform.api-key-revoked',
        target: key.id,
        before: { revokedAt: null },
        after: { revokedAt: row.revokedAt },
      });
      return { id: row.id, revokedAt: row.revokedAt!.toISOString() };
    });
    this.cache.forgetKey(id);
    return result;
  }
}
