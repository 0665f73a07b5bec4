import { z } from 'zod';
import { ROLES } from '../../roles';
import type { ApiKeyWithOwner } from './api-keys.repository';

export const apiKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  /** The key's role cap. */
  role: z.enum(ROLES),
  /** The project it is scoped to, or null for all of its user's projects. */
  project: z.string().nullable(),
  /** Set when the key may only predict on this deployment of its project (and call nothing else). */
  predictOn: z.object({ deployment: z.string() }).nullable(),
  email: z.string(),
  /** Dates are ISO 8601 strings: the API speaks plain JSON, for curl as much as for the client. */
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeySummary = z.output<typeof apiKeySummary>;

export function toApiKeySummary(k: ApiKeyWithOwner): ApiKeySummary {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    project: k.project?.slug ?? null,
    predictOn: k.predictDeployment === null ? null : { deployment: k.predictDeployment },
    email: k.user.email,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
