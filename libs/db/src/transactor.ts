import type { PrismaClient } from './generated/prisma/client';
import type { Tx } from './transaction';

export interface TransactionOptions {
  /** How long to wait for a connection from the pool, in ms (Prisma's default: 2000). */
  readonly maxWait?: number;
  /** How long the transaction may run, in ms (Prisma's default: 5000). */
  readonly timeout?: number;
}

/**
 * Runs a unit of work in one transaction. Services hold a Transactor and hand the `tx` to the
 * repositories they call, so every write of a use case — and its audit row and outbox event —
 * commits together or not at all, while only repositories touch Prisma.
 */
export class Transactor {
  constructor(private readonly prisma: PrismaClient) {}

  run<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return options ? this.prisma.$transaction(work, options) : this.prisma.$transaction(work);
  }
}
