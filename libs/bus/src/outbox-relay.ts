import { ADVISORY_LOCKS, type PrismaClient } from '@sextant/db';
import { outboxWrites } from './outbox';
import type { OutgoingMessage, Transport } from './transport';

export interface OutboxRelayOptions {
  readonly prisma: PrismaClient;
  readonly transport: Transport;
  /** Rows taken per round (default 500). */
  readonly batchSize?: number;
  /**
   * Pause between rounds when the outbox is empty (default 20 ms), for the first FAST_ROUNDS
   * empty rounds after one that published or after an event was enqueued in this process; then
   * doubling up to `maxIdleMs` (default 1 s): an idle platform does not poll 50 times a second.
   */
  readonly idleMs?: number;
  readonly maxIdleMs?: number;
  /** Called when a round fails; the rows stay unpublished and are retried. */
  readonly onError?: (error: unknown) => void;
}

/** Empty rounds at `idleMs` before the pause starts doubling. */
const FAST_ROUNDS = 10;

/** Advisory lock held by the relay doing a round (the registry is in @sextant/db). */
const RELAY_LOCK_KEY = ADVISORY_LOCKS.outboxRelay;

interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  envelope: unknown;
}

/**
 * Publishes committed outbox rows in id order and stamps them published, in one transaction per
 * round. Every process runs a relay; one at a time does a round. A crash between publish and
 * stamp republishes the rows (at-least-once); consumers are idempotent. With the database log on
 * the relay's own database, publish and stamp are one transaction: nothing is published twice.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** Empty rounds since one that published, or since `nudge`. */
  private empty = 0;
  /** The pause under way (0 while a round runs). */
  private pause = 0;
  private readonly onEnqueued = () => this.nudge();

  start(): void {
    if (this.running) return;
    this.running = true;
    outboxWrites.on('enqueued', this.onEnqueued);
    this.loop = this.run();
  }

  /**
   * An event is being written to the outbox (its transaction has not committed yet): polls fast
   * again from now, so that it leaves within ~`idleMs` of its commit.
   */
  nudge(): void {
    this.empty = 0;
    // Only out of a long pause: under load every enqueue would otherwise start a round, which
    // mostly finds nothing yet (the transaction that enqueued has not committed).
    if (this.pause > (this.options.idleMs ?? 20)) this.wakeUp?.();
  }

  /** Ends the current round and stops. */
  async stop(): Promise<void> {
    this.running = false;
    outboxWrites.off('enqueued', this.onEnqueued);
    this.wakeUp?.();
    await this.loop;
  }

  /**
   * One round: returns how many rows it published. Only one relay works at a time across all
   * processes (a transaction-scoped advisory lock), so rows leave in id order; the others skip
   * the round. A failed round leaves its rows unpublished, with the attempt and error recorded.
   */
  async publishBatch(): Promise<number> {
    const { prisma, transport } = this.options;
    const limit = this.options.batchSize ?? 500;
    let taken: bigint[] = [];
    const inline = transport.transactional?.prisma === prisma ? transport.transactional : undefined;
    const topics = new Set<string>();
    try {
      const published = await prisma.$transaction(
        async (tx) => {
          const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) AS locked`;
          if (!lock?.locked) return 0;
          const rows = await tx.$queryRaw<OutboxRow[]>`
            SELECT id, topic, key, envelope FROM platform.outbox
            WHERE published_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
          if (rows.length === 0) return 0;
          taken = rows.map((r) => r.id);
          for (const [topic, messages] of groupByTopic(rows)) {
            // A log in this same database is appended in this transaction: the stamp and the
            // append commit together (and on PGlite's one connection, a publish outside it
            // would wait for this transaction forever).
            if (inline) await inline.append(tx, topic, messages);
            else await transport.publish(topic, messages);
            topics.add(topic);
          }
          await tx.$executeRaw`
            UPDATE platform.outbox SET published_at = now(), attempts = attempts + 1
            WHERE id = ANY(${taken}::bigint[])`;
          return rows.length;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
      if (inline && topics.size > 0) inline.notify([...topics]);
      return published;
    } catch (error) {
      if (taken.length > 0) {
        const message = error instanceof Error ? error.message : String(error);
        await prisma.$executeRaw`
          UPDATE platform.outbox SET attempts = attempts + 1, last_error = ${message.slice(0, 2000)}
          WHERE id = ANY(${taken}::bigint[]) AND published_at IS NULL`.catch(() => undefined);
      }
      throw error;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let count = 0;
      try {
        count = await this.publishBatch();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.onError?.(error);
      }
      if (!this.running) break;
      const batchFull = count >= (this.options.batchSize ?? 500);
      if (batchFull) continue;
      this.empty = count > 0 ? 0 : this.empty + 1;
      const idleMs = this.options.idleMs ?? 20;
      const slower = Math.max(0, this.empty - FAST_ROUNDS);
      const pause =
        failures > 0
          ? Math.min(5000, 100 * 2 ** failures)
          : Math.min(
              Math.max(idleMs, this.options.maxIdleMs ?? 1000),
              idleMs * 2 ** Math.min(slower, 20),
            );
      this.pause = pause;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
      this.pause = 0;
    }
  }
}

function groupByTopic(rows: readonly OutboxRow[]): Map<string, OutgoingMessage[]> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const row of rows) {
    const list = byTopic.get(row.topic) ?? [];
    list.push({ key: row.key, value: JSON.stringify(row.envelope) });
    byTopic.set(row.topic, list);
  }
  return byTopic;
}
