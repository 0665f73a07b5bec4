/**
 * Every PostgreSQL advisory-lock key Sextant takes, in one registry so that two features never
 * pick the same number. Keys are 64-bit; keep them distinct and never reuse a retired one.
 */
export const ADVISORY_LOCKS = {
  /** Prisma Migrate's own key: the migrator takes it too, so Prisma's CLI and ours exclude each other. */
  prismaMigrate: 72707369,
  /** First start: one process creates the first admin. */
  bootstrapAdmin: 7391,
  /** One outbox relay does a round at a time, so rows leave in id order. */
  outboxRelay: 7_391_001,
} as const;
export type AdvisoryLock = keyof typeof ADVISORY_LOCKS;
