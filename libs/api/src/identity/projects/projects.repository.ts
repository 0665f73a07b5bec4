import { Inject, Injectable } from '@nestjs/common';
import type { Database, Membership, Project, Role, Tx } from '@sextant/db';
import { DATABASE } from '../../tokens';

export type { Membership, Project };
export type MemberRow = Membership & { user: { email: string; name: string | null } };

/** platform.projects and platform.memberships. */
@Injectable()
export class ProjectsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findBySlug(slug: string, tx: Tx = this.db.prisma): Promise<Project | null> {
    return tx.project.findUnique({ where: { slug } });
  }

  findById(id: string): Promise<Project | null> {
    return this.db.prisma.project.findUnique({ where: { id } });
  }

  listAll(): Promise<Project[]> {
    return this.db.prisma.project.findMany({ orderBy: { slug: 'asc' } });
  }

  /** The projects a user is a member of, with their role in each. */
  async listForUser(userId: string): Promise<(Project & { role: Role })[]> {
    const rows = await this.db.prisma.membership.findMany({
      where: { userId },
      include: { project: true },
      orderBy: { project: { slug: 'asc' } },
    });
    return rows.map((m) => ({ ...m.project, role: m.role }));
  }

  create(
    tx: Tx,
    data: { slug: string; name: string; description?: string | null },
  ): Promise<Project> {
    return tx.project.create({ data });
  }

  membership(
    projectId: string,
    userId: string,
    tx: Tx = this.db.prisma,
  ): Promise<Membership | null> {
    return tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
  }

  listMembers(projectId: string): Promise<MemberRow[]> {
    return this.db.prisma.membership.findMany({
      where: { projectId },
      include: { user: { select: { email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  upsertMember(tx: Tx, projectId: string, userId: string, role: Role): Promise<Membership> {
    return tx.membership.upsert({
      where: { projectId_userId: { projectId, userId } },
      create: { projectId, userId, role },
      update: { role },
    });
  }

  async removeMember(tx: Tx, projectId: string, userId: string): Promise<void> {
    await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
  }

  countAdmins(tx: Tx, projectId: string): Promise<number> {
    return tx.membership.count({ where: { projectId, role: 'admin' } });
  }
}
