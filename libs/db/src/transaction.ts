import type { PrismaClient } from './generated/prisma/client';

/** The client handed to code running inside a transaction. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Runs `fn` in one transaction: every write in it commits together or not at all. */
export function inTransaction<T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn);
}
