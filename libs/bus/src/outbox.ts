import { EventEmitter } from 'node:events';
import type { Tx } from '@sextant/db';
import { type Envelope, type EventDefinition, type PayloadOf, createEnvelope } from './event';

/** `enqueued` when an event is written to the outbox in this process (the relays poll faster). */
export const outboxWrites = new EventEmitter();
outboxWrites.setMaxListeners(0);

/**
 * Writes an event to the outbox inside the caller's transaction, so the event exists exactly when
 * the state change that caused it commits. The relay publishes it afterwards.
 */
export async function enqueueEvent<E extends EventDefinition>(
  tx: Tx,
  def: E,
  payload: PayloadOf<E>,
): Promise<Envelope<PayloadOf<E>>> {
  const envelope = createEnvelope(def, payload);
  await tx.outboxEvent.create({
    data: {
      eventId: envelope.id,
      topic: def.topic,
      key: envelope.key,
      envelope: envelope as object,
    },
  });
  outboxWrites.emit('enqueued');
  return envelope;
}
