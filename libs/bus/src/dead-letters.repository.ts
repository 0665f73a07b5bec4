import type { PrismaClient } from '@sextant/db';
import type { DeadLetter } from './dead-letters.types';

export interface NewDeadLetter {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string | null;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
  readonly error: string;
  readonly attempts: number;
}

interface Row {
  id: bigint;
  consumerGroup: string;
  topic: string;
  partition: number;
  offset: string;
  eventId: string | null;
  key: string | null;
  value: string;
  headers: unknown;
  error: string;
  attempts: number;
  createdAt: Date;
  replayedAt: Date | null;
  replayCount: number;
}

/** platform.bus_dead_letters: what consumers gave up on, on any transport. */
export class DeadLetterRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: NewDeadLetter): Promise<DeadLetter> {
    const row = await this.prisma.busDeadLetter.create({
      data: { ...entry, headers: entry.headers },
    });
    return toDeadLetter(row);
  }

  /** Newest first, `limit` rows from before `cursor` (an id), plus the cursor of the next page. */
  async list(filter: {
    topic?: string | undefined;
    group?: string | undefined;
    replayed?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: DeadLetter[]; nextCursor: string | null }> {
    const rows = await this.prisma.busDeadLetter.findMany({
      where: {
        ...(filter.topic ? { topic: filter.topic } : {}),
        ...(filter.group ? { consumerGroup: filter.group } : {}),
        ...(filter.replayed === undefined
          ? {}
          : { replayedAt: filter.replayed ? { not: null } : null }),
        ...(filter.cursor ? { id: { lt: BigInt(filter.cursor) } } : {}),
      },
      orderBy: { id: 'desc' },
      take: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(toDeadLetter),
      nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id.toString() : null,
    };
  }

  async find(id: string): Promise<DeadLetter | null> {
    const row = await this.prisma.busDeadLetter.findUnique({ where: { id: BigInt(id) } });
    return row ? toDeadLetter(row) : null;
  }

  async markReplayed(id: string): Promise<DeadLetter> {
    const row = await this.prisma.busDeadLetter.update({
      where: { id: BigInt(id) },
      data: { replayedAt: new Date(), replayCount: { increment: 1 } },
    });
    return toDeadLetter(row);
  }
}

function toDeadLetter(row: Row): DeadLetter {
  return {
    id: row.id.toString(),
    consumerGroup: row.consumerGroup,
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    eventId: row.eventId,
    key: row.key,
    value: row.value,
    headers: (row.headers ?? {}) as Record<string, string>,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    replayedAt: row.replayedAt?.toISOString() ?? null,
    replayCount: row.replayCount,
  };
}
