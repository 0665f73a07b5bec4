import type { PrismaClient } from '@sextant/db';

const DAY_MS = 86_400_000;

/** How long the bus's bookkeeping rows are kept (each older row is deleted). */
export interface HousekeepingLimits {
  /**
   * Idempotency records (`platform.processed_events`): a redelivery older than this would run its
   * effect again. A message is redelivered only while its transport still holds it (Kafka keeps
   * 7 days by default, the database log its retention), so keep this longer. Default 14 days.
   */
  readonly processedEventsMaxAgeMs: number;
  /** Outbox rows already published (unpublished ones are never deleted). Default 7 days. */
  readonly publishedOutboxMaxAgeMs: number;
  /** Dead letters, replayed or not (`platform.deadLetters.list` shows them). Default 30 days. */
  readonly deadLettersMaxAgeMs: number;
}

export const DEFAULT_HOUSEKEEPING: HousekeepingLimits = {
  processedEventsMaxAgeMs: 14 * DAY_MS,
  publishedOutboxMaxAgeMs: 7 * DAY_MS,
  deadLettersMaxAgeMs: 30 * DAY_MS,
};

/** Rows deleted per statement: short transactions, whatever the backlog. */
const BATCH = 5_000;

async function inBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Deletes the bus's bookkeeping rows past their limits: idempotency records, published outbox
 * rows, dead letters. Safe to run from every process at once (each statement deletes what is
 * there). Returns how many rows of each went.
 */
export async function pruneBusRecords(
  prisma: PrismaClient,
  limits: Partial<HousekeepingLimits> = {},
  now: Date = new Date(),
): Promise<{ processedEvents: number; outbox: number; deadLetters: number }> {
  const l = { ...DEFAULT_HOUSEKEEPING, ...limits };
  const before = (ms: number) => new Date(now.getTime() - ms);
  const processedBefore = before(l.processedEventsMaxAgeMs);
  const outboxBefore = before(l.publishedOutboxMaxAgeMs);
  const lettersBefore = before(l.deadLettersMaxAgeMs);
  const processedEvents = await inBatches(
    () => prisma.$executeRaw`
      DELETE FROM platform.processed_events WHERE (consumer, event_id) IN (
        SELECT consumer, event_id FROM platform.processed_events
        WHERE processed_at < ${processedBefore} LIMIT ${BATCH}::int)`,
  );
  const outbox = await inBatches(
    () => prisma.$executeRaw`
      DELETE FROM platform.outbox WHERE id IN (
        SELECT id FROM platform.outbox
        WHERE published_at IS NOT NULL AND published_at < ${outboxBefore} LIMIT ${BATCH}::int)`,
  );
  const deadLetters = await inBatches(
    () => prisma.$executeRaw`
      DELETE FROM platform.bus_dead_letters WHERE id IN (
        SELECT id FROM platform.bus_dead_letters
        WHERE created_at < ${lettersBefore} LIMIT ${BATCH}::int)`,
  );
  return { processedEvents, outbox, deadLetters };
}
