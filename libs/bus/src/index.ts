export { createEnvelope, decodeEnvelope, defineEvent, dlqTopic, envelopeSchema } from './event';
export type { Envelope, EventDefinition, PayloadOf } from './event';
export type {
  IncomingMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  Transport,
} from './transport';
export { MemoryTransport, partitionFor } from './memory-transport';
export { KafkaTransport } from './kafka-transport';
export type { KafkaTransportOptions } from './kafka-transport';
export { createTransport } from './create-transport';
export { enqueueEvent } from './outbox';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { consume } from './consumer';
export type { ConsumeOptions, ConsumerStats } from './consumer';
export { EventBus } from './event-bus';
export type { BusStatus } from './event-bus';
