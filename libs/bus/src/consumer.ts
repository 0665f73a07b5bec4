import type { PrismaClient, Tx } from '@sextant/db';
import { type Envelope, type EventDefinition, decodeEnvelope, dlqTopic } from './event';
import { DeadLetterRepository } from './dead-letters.repository';
import type { IncomingMessage, Subscription, Transport } from './transport';

export interface ConsumeOptions {
  /** Consumer group: members of one group share partitions; each group sees every event. */
  readonly group: string;
  readonly events: readonly EventDefinition[];
  /**
   * Runs inside the transaction that records the event id as processed: a duplicate delivery
   * finds the id and is skipped, so the handler's effect happens once.
   */
  readonly handler: (envelope: Envelope, tx: Tx, prepared: unknown) => Promise<void>;
  /**
   * Slow work (loading a model, calling out) done before the transaction, so that it never holds
   * a database connection — the embedded database has only one. Its result reaches `handler`.
   */
  readonly prepare?: (envelope: Envelope) => Promise<unknown>;
  /** Tries before a failing event goes to the dead-letter topic (default 3). */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /**
   * How long the handler's transaction may run before it is rolled back and tried again
   * (default 5 s, Prisma's): a handler that does heavy work per event (closing a large drift
   * window) raises it.
   */
  readonly transactionTimeoutMs?: number;
  readonly fromBeginning?: boolean;
  readonly onDeadLetter?: (reason: string, message: IncomingMessage) => void;
}

export interface ConsumerStats {
  processed: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Subscribes an idempotent handler: decode and validate the envelope (a poison message goes
 * straight to `<topic>.dlq`), then run the handler and record the event id in one transaction,
 * retrying a failing handler before dead-lettering it: recorded in platform.bus_dead_letters
 * (listed and replayed through `listDeadLetters` / `replayDeadLetter`) and published to
 * `<topic>.dlq`.
 */
export async function consume(
  deps: { prisma: PrismaClient; transport: Transport },
  options: ConsumeOptions,
): Promise<Subscription & { stats: ConsumerStats }> {
  const stats: ConsumerStats = { processed: 0, duplicates: 0, deadLettered: 0 };
  const maxAttempts = options.maxAttempts ?? 3;
  const topics = [...new Set(options.events.map((e) => e.topic))];
  const transactionOptions = options.transactionTimeoutMs
    ? { timeout: options.transactionTimeoutMs, maxWait: 10_000 }
    : undefined;

  const deadLetters = new DeadLetterRepository(deps.prisma);
  const deadLetter = async (message: IncomingMessage, reason: string, attempts: number) => {
    // Stored first, so that it can be listed and replayed; a failure here throws, and the
    // transport delivers the message again (a duplicate row at worst, never a lost one).
    await deadLetters.record({
      consumerGroup: options.group,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      eventId: eventIdOf(message.value),
      key: message.key,
      value: message.value,
      headers: message.headers,
      error: reason.slice(0, 2000),
      attempts,
    });
    await deps.transport.publish(dlqTopic(message.topic), [
      {
        key: message.key ?? '',
        value: message.value,
        headers: {
          ...message.headers,
          'x-sextant-error': reason.slice(0, 1000),
          'x-sextant-group': options.group,
          'x-sextant-attempts': String(attempts),
          'x-sextant-source': `${message.topic}/${message.partition}/${message.offset}`,
        },
      },
    ]);
    stats.deadLettered++;
    options.onDeadLetter?.(reason, message);
  };

  const onMessage = async (message: IncomingMessage) => {
    let decoded: { envelope: Envelope };
    try {
      decoded = decodeEnvelope(message.value, options.events);
    } catch (error) {
      await deadLetter(message, (error as Error).message, 0);
      return;
    }
    const { envelope } = decoded;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const prepared = options.prepare ? await options.prepare(envelope) : undefined;
        const fresh = await deps.prisma.$transaction(async (tx) => {
          const inserted = await tx.$executeRaw`
            INSERT INTO platform.processed_events (consumer, event_id)
            VALUES (${options.group}, ${envelope.id}::uuid) ON CONFLICT DO NOTHING`;
          if (inserted === 0) return false;
          await options.handler(envelope, tx, prepared);
          return true;
        }, transactionOptions);
        if (fresh) stats.processed++;
        else stats.duplicates++;
        return;
      } catch (error) {
        lastError = error;
        if (attempt < maxAttempts) {
          await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 200) * attempt));
        }
      }
    }
    // An outage is not the event's fault: when the database itself is unreachable, give the
    // message back to the transport (it is delivered again) instead of dead-lettering it.
    const databaseUp = await deps.prisma.$queryRawUnsafe('SELECT 1').then(
      () => true,
      () => false,
    );
    if (!databaseUp) throw lastError;
    await deadLetter(message, errorText(lastError), maxAttempts);
  };

  const subscription = await deps.transport.subscribe({
    groupId: options.group,
    topics,
    fromBeginning: options.fromBeginning ?? true,
    onMessage,
  });
  return Object.assign(subscription, { stats });
}

/** The envelope id of a message, when it is JSON with a string `id`. */
function eventIdOf(value: string): string | null {
  try {
    const id = (JSON.parse(value) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id.slice(0, 100) : null;
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
