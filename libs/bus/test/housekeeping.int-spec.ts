import { randomUUID } from 'node:crypto';
import type { Database } from '@sextant/db';
import { DEFAULT_HOUSEKEEPING, pruneBusRecords } from '../src';

const DAY = 86_400_000;

describe('pruning the bus records', () => {
  let db: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    const { createTestDatabase } = await import('@sextant/testing');
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

  it('deletes idempotency records, published outbox rows and dead letters past their age, and nothing else', async () => {
    const now = new Date();
    const prisma = db.prisma;
    const processed = (consumer: string, days: number) =>
      prisma.processedEvent.create({
        data: { consumer, eventId: randomUUID(), processedAt: ago(now, days) },
      });
    await processed('old', 15);
    await processed('old', 20);
    await processed('recent', 13);
    const outbox = (days: number, published: boolean) =>
      prisma.outboxEvent.create({
        data: {
          eventId: randomUUID(),
          topic: 'sextant.test.pruned',
          key: 'k',
          envelope: {},
          createdAt: ago(now, days),
          publishedAt: published ? ago(now, days) : null,
        },
      });
    await outbox(8, true);
    await outbox(6, true);
    // Never published (the broker was down for weeks): it must still go out, whatever its age.
    const waiting = await outbox(40, false);
    const letter = (days: number) =>
      prisma.busDeadLetter.create({
        data: {
          consumerGroup: 'g',
          topic: 'sextant.test.pruned',
          partition: 0,
          offset: '1',
          value: '{}',
          error: 'boom',
          attempts: 3,
          createdAt: ago(now, days),
        },
      });
    await letter(31);
    await letter(29);

    expect(await pruneBusRecords(prisma, {}, now)).toEqual({
      processedEvents: 2,
      outbox: 1,
      deadLetters: 1,
    });
    expect((await prisma.processedEvent.findMany()).map((r) => r.consumer)).toEqual(['recent']);
    const left = await prisma.outboxEvent.findMany({ orderBy: { createdAt: 'asc' } });
    expect(left.map((r) => r.id)).toContain(waiting.id);
    expect(left).toHaveLength(2);
    expect(await prisma.busDeadLetter.count()).toBe(1);
    // Again: nothing more to do.
    expect(await pruneBusRecords(prisma, {}, now)).toEqual({
      processedEvents: 0,
      outbox: 0,
      deadLetters: 0,
    });
  });

  it('works through a backlog larger than one statement deletes', async () => {
    const now = new Date();
    await db.prisma.processedEvent.createMany({
      data: Array.from({ length: 12_001 }, () => ({
        consumer: 'backlog',
        eventId: randomUUID(),
        processedAt: ago(now, 30),
      })),
    });
    const pruned = await pruneBusRecords(db.prisma, {}, now);
    expect(pruned.processedEvents).toBe(12_001);
    expect(await db.prisma.processedEvent.count({ where: { consumer: 'backlog' } })).toBe(0);
  });

  it('keeps idempotency records longer than Kafka keeps messages by default (7 days)', () => {
    expect(DEFAULT_HOUSEKEEPING.processedEventsMaxAgeMs).toBeGreaterThan(7 * DAY);
  });
});
