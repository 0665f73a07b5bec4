import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ProjectsRepository } from '../projects/projects.repository';
import { UsersRepository } from '../users/users.repository';
import { AuditRepository } from './audit.repository';
import type { AuditPage, auditListInput } from './audit.types';

/** Reads the audit log, newest first, a page at a time. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly users: UsersRepository,
    private readonly projects: ProjectsRepository,
  ) {}

  async list(input: z.output<typeof auditListInput>): Promise<AuditPage> {
    const empty: AuditPage = { items: [], nextCursor: null };
    let actorId: string | undefined;
    if (input.actor) {
      const isId = z.uuid().safeParse(input.actor).success;
      const user = isId
        ? await this.users.findById(input.actor)
        : await this.users.findByEmail(input.actor.toLowerCase());
      if (!user) return empty;
      actorId = user.id;
    }
    let projectId: string | undefined;
    if (input.project) {
      const project = await this.projects.findBySlug(input.project);
      if (!project) return empty;
      projectId = project.id;
    }
    const rows = await this.audit.list({
      actorId,
      projectId,
      action: input.action,
      target: input.target,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      beforeId: input.cursor ? BigInt(input.cursor) : undefined,
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((r) => ({
        id: r.id.toString(),
        at: r.at.toISOString(),
        actor: r.actor,
        project: r.project?.slug ?? null,
        action: r.action,
        target: r.target,
        before: r.before ?? null,
        after: r.after ?? null,
      })),
      nextCursor: rows.length > input.limit ? page[page.length - 1]!.id.toString() : null,
    };
  }
}
