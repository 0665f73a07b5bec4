import { Inject, Injectable } from '@nestjs/common';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import type { Caller, ProjectScope } from '../../context';
import type { Role } from '../../roles';
import { DATABASE } from '../../tokens';
import { recordAudit } from '../audit/audit.repository';
import { UsersRepository } from '../users/users.repository';
import { isPlatformAdmin } from './project-access';
import { ProjectsRepository } from './projects.repository';
import type { MemberSummary, ProjectSummary } from './projects.types';

/** Projects and their members. */
@Injectable()
export class ProjectsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly projects: ProjectsRepository,
    private readonly users: UsersRepository,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** A platform admin sees every project; anyone else the projects they are a member of. */
  async list(caller: Caller): Promise<ProjectSummary[]> {
    const scoped = caller.credential.kind === 'key' ? caller.credential.projectId : null;
    const rows = isPlatformAdmin(caller)
      ? (await this.projects.listAll()).map((p) => ({ ...p, role: 'admin' as Role }))
      : await this.projects.listForUser(caller.userId);
    return rows
      .filter((p) => scoped === null || p.id === scoped)
      .map((p) => ({
        slug: p.slug,
        name: p.name,
        description: p.description,
        role: p.role,
        createdAt: p.createdAt.toISOString(),
      }));
  }

  /** The slug of the one project the caller's API key is scoped to, if it is. */
  async keyScope(caller: Caller): Promise<string | null> {
    const c = caller.credential;
    if (c.kind !== 'key' || c.projectId === null) return null;
    return (await this.projects.findById(c.projectId))?.slug ?? null;
  }

  async get(scope: ProjectScope): Promise<ProjectSummary> {
    const p = await this.projects.findById(scope.id);
    if (!p) throw new AppError('NOT_FOUND', `Project "${scope.slug}" not found`);
    return {
      slug: p.slug,
      name: p.name,
      description: p.description,
      role: scope.role,
      createdAt: p.createdAt.toISOString(),
    };
  }

  /** Creates a project; its creator becomes its first admin. A taken slug is a 409 on `slug`. */
  async create(
    caller: Caller,
    input: { slug: string; name: string; description?: string | undefined },
  ): Promise<ProjectSummary> {
    const project = await this.tx.run(async (tx) => {
      const created = await this.projects.create(tx, {
        slug: input.slug,
        name: input.name,
        description: input.description ?? null,
      });
      await this.projects.upsertMember(tx, created.id, caller.userId, 'admin');
      await recordAudit(tx, {
        actor: caller,
        project: created.id,
        action: 'platform.project-created',
        target: created.slug,
        after: { slug: created.slug, name: created.name, description: created.description },
      });
      return created;
    });
    return {
      slug: project.slug,
      name: project.name,
      description: project.description,
      role: 'admin',
      createdAt: project.createdAt.toISOString(),
    };
  }

  async members(scope: ProjectScope): Promise<MemberSummary[]> {
    return (await this.projects.listMembers(scope.id)).map((m) => ({
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  /** Adds a user to the project, or changes their role. The user must exist. */
  async setMember(
    caller: Caller,
    scope: ProjectScope,
    input: { email: string; role: Role },
  ): Promise<MemberSummary> {
    return this.tx.run(async (tx) => {
      const user = await this.users.findByEmail(input.email, tx);
      if (!user) {
        throw new AppError('NOT_FOUND', `No user has the email ${input.email}`, {
          fields: [{ path: 'email', message: 'no such user' }],
        });
      }
      const before = await this.projects.membership(scope.id, user.id, tx);
      if (before?.role === 'admin' && input.role !== 'admin') {
        await this.keepOneAdmin(tx, scope);
      }
      const m = await this.projects.upsertMember(tx, scope.id, user.id, input.role);
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: before ? 'platform.member-role-changed' : 'platform.member-added',
        target: user.email,
        before: before ? { role: before.role } : null,
        after: { role: m.role },
      });
      return {
        userId: user.id,
        email: user.email,
        name: user.name,
        role: m.role,
        createdAt: m.createdAt.toISOString(),
      };
    });
  }

  async removeMember(caller: Caller, scope: ProjectScope, email: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const user = await this.users.findByEmail(email, tx);
      const before = user ? await this.projects.membership(scope.id, user.id, tx) : null;
      if (!user || !before) {
        throw new AppError('NOT_FOUND', `${email} is not a member of "${scope.slug}"`, {
          fields: [{ path: 'email', message: 'not a member' }],
        });
      }
      if (before.role === 'admin') await this.keepOneAdmin(tx, scope);
      await this.projects.removeMember(tx, scope.id, user.id);
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'platform.member-removed',
        target: user.email,
        before: { role: before.role },
      });
    });
  }

  private async keepOneAdmin(
    tx: Parameters<Parameters<Transactor['run']>[0]>[0],
    scope: ProjectScope,
  ) {
    if ((await this.projects.countAdmins(tx, scope.id)) <= 1) {
      throw new AppError('CONFLICT', `"${scope.slug}" must keep at least one admin`, {
        fields: [{ path: 'role', message: 'last admin' }],
      });
    }
  }
}
