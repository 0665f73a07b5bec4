export { createEnvelope, decodeEnvelope, defineEvent, dlqTopic, envelopeSchema } from './event';
export type { Envelope, EventDefinition, PayloadOf } from './event';
export type {
  IncomingMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  TransactionalAppend,
  Transport,
} from './transport';
export { MemoryTransport, partitionFor } from './memory-transport';
export { KafkaTransport } from './kafka-transport';
export type { KafkaTransportOptions } from './kafka-transport';
export { DEFAULT_RETENTION, DatabaseLogTransport } from './database-log-transport';
export type { DatabaseLogTransportOptions } from './database-log-transport';
export type { RetentionLimits } from './database-log.repository';
export { createTransport } from './create-transport';
export { DeadLetterRepository } from './dead-letters.repository';
export { REPLAY_HEADER, listDeadLetters, replayDeadLetter } from './dead-letters';
export {
  deadLetterSchema,
  listDeadLettersInput,
  listDeadLettersOutput,
  replayDeadLetterInput,
  replayDeadLetterOutput,
} from './dead-letters.types';
export type {
  DeadLetter,
  ListDeadLettersInput,
  ListDeadLettersOutput,
  ReplayDeadLetterInput,
  ReplayDeadLetterOutput,
} from './dead-letters.types';
export { enqueueEvent, outboxWrites } from './outbox';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { consume } from './consumer';
export type { ConsumeOptions, ConsumerStats } from './consumer';
export { EventBus } from './event-bus';
export type { BusStatus } from './event-bus';
export { DEFAULT_HOUSEKEEPING, pruneBusRecords } from './housekeeping';
export type { HousekeepingLimits } from './housekeeping';
