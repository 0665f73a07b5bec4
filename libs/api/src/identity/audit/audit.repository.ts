import { Inject, Injectable } from '@nestjs/common';
import type { Database, Prisma, Tx } from '@sextant/db';
import { DATABASE } from '../../tokens';

export interface AuditEntry {
  /** Who did it: a caller, or null for the platform itself (first start, a consumer). */
  readonly actor: { readonly userId: string } | null;
  /** The project it happened in (id), or null for platform-wide changes. */
  readonly project?: string | null;
  /** `<domain>.<thing>-<verb>`, e.g. `platform.project-created`, `tracking.run-deleted`. */
  readonly action: string;
  /** What it happened to: an id, a slug, an email. */
  readonly target?: string | null;
  /** The state before and after (JSON; never a secret). */
  readonly before?: unknown;
  readonly after?: unknown;
}

const json = (v: unknown) =>
  v === undefined || v === null ? undefined : (v as Prisma.InputJsonValue);

/**
 * Writes one audit row inside the caller's transaction, so the row exists exactly when the change
 * it records commits. Every mutation calls it.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor?.userId ?? null,
      projectId: entry.project ?? null,
      action: entry.action,
      target: entry.target ?? null,
      before: json(entry.before),
      after: json(entry.after),
    },
  });
}

export interface AuditFilter {
  readonly actorId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly action?: string | undefined;
  readonly target?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Rows older than this id (the cursor). */
  readonly beforeId?: bigint | undefined;
  readonly limit: number;
}

export type AuditRow = Prisma.AuditLogGetPayload<object> & {
  actor: { id: string; email: string } | null;
  project: { id: string; slug: string } | null;
};

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Newest first; one extra row tells whether there is a next page. */
  async list(filter: AuditFilter): Promise<AuditRow[]> {
    const rows = await this.db.prisma.auditLog.findMany({
      where: {
        actorId: filter.actorId,
        projectId: filter.projectId,
        action: filter.action,
        target: filter.target,
        at: { gte: filter.from, lte: filter.to },
        id: filter.beforeId === undefined ? undefined : { lt: filter.beforeId },
      },
      orderBy: { id: 'desc' },
      take: filter.limit,
    });
    const userIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
    const projectIds = [
      ...new Set(rows.map((r) => r.projectId).filter((id): id is string => !!id)),
    ];
    const [users, projects] = await Promise.all([
      this.db.prisma.user.findMany({
        where: { id: { in: userIds } },
        select: { id: true, email: true },
      }),
      this.db.prisma.project.findMany({
        where: { id: { in: projectIds } },
        select: { id: true, slug: true },
      }),
    ]);
    const userById = new Map(users.map((u) => [u.id, u]));
    const projectById = new Map(projects.map((p) => [p.id, p]));
    return rows.map((r) => ({
      ...r,
      actor: r.actorId ? (userById.get(r.actorId) ?? null) : null,
      project: r.projectId ? (projectById.get(r.projectId) ?? null) : null,
    }));
  }
}
