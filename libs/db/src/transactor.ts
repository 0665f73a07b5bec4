import type { PrismaClient } from './generated/prisma/client';
import type { Tx } from './transaction';

/**
 * Runs a unit of work in one transaction. Services hold a Transactor and hand the `tx` to the
 * repositories they call, so every write of a use case — and its audit row and outbox event —
 * commits together or not at all, while only repositories touch Prisma.
 */
export class Transactor {
  constructor(private readonly prisma: PrismaClient) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }
}
