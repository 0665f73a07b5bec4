import type { PrismaClient } from '@sextant/db';
import { type ConsumeOptions, consume } from './consumer';
import { type EventDefinition, type PayloadOf, createEnvelope } from './event';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import type { Transport } from './transport';

export interface BusStatus {
  readonly transport: Transport['name'];
  readonly ok: boolean;
}

/**
 * The one object services use for events: publish directly (high-volume, loss-tolerant streams
 * such as prediction logs), consume idempotently, and relay the outbox. State changes publish
 * through `enqueueEvent` in their own transaction instead.
 */
export class EventBus {
  constructor(
    readonly transport: Transport,
    private readonly prisma: PrismaClient,
  ) {}

  /**
   * Publishes payloads of one event type directly, in one transport call. Each payload is checked
   * against the event's schema first, unless `unchecked`: for a high-volume stream whose payloads
   * are built by code tested against the schema (the prediction log: ~3 µs per record), where a
   * consumer's check (a payload that fails it is dead-lettered, kept) is the one that counts.
   */
  async publish<E extends EventDefinition>(
    def: E,
    payloads: readonly PayloadOf<E>[],
    options: { readonly unchecked?: boolean } = {},
  ): Promise<void> {
    const meta = { unchecked: options.unchecked === true };
    const messages = payloads.map((p) => {
      const envelope = createEnvelope(def, p, meta);
      return { key: envelope.key, value: JSON.stringify(envelope) };
    });
    await this.transport.publish(def.topic, messages);
  }

  consume(options: ConsumeOptions): ReturnType<typeof consume> {
    return consume({ prisma: this.prisma, transport: this.transport }, options);
  }

  relay(options: Omit<OutboxRelayOptions, 'prisma' | 'transport'> = {}): OutboxRelay {
    return new OutboxRelay({ ...options, prisma: this.prisma, transport: this.transport });
  }

  async status(): Promise<BusStatus> {
    return { transport: this.transport.name, ok: await this.transport.ping() };
  }
}
