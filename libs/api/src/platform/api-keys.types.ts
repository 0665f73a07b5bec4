import { z } from 'zod';
import { ROLES } from '../roles';

export const createApiKeyInput = z.object({
  /** What the key is for, e.g. "github-actions". */
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  /** The user the key belongs to; created with `role` if new. Defaults to the caller. */
  email: z.email().optional(),
});

export const createApiKeyOutput = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  role: z.enum(ROLES),
  /** Shown once: only its hash is stored. */
  key: z.string(),
});

export const apiKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  email: z.string(),
  /** Dates are ISO 8601 strings: the API speaks plain JSON, for curl as much as for the client. */
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const revokeApiKeyInput = z.object({ id: z.uuid() });
