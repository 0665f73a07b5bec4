import { z } from 'zod';

export const auditListInput = z.object({
  /** A user's id or email. */
  actor: z.string().trim().min(1).optional(),
  /** A project's slug. */
  project: z.string().trim().min(1).optional(),
  action: z.string().trim().min(1).optional(),
  target: z.string().trim().min(1).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d+$/, 'a cursor from a previous page').optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

export const auditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.uuid(), email: z.string() }).nullable(),
  project: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditPage = z.object({
  items: z.array(auditEntry),
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.output<typeof auditPage>;
