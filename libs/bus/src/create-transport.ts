import { KafkaTransport, type KafkaTransportOptions } from './kafka-transport';
import { MemoryTransport } from './memory-transport';
import type { Transport } from './transport';

/** Kafka when brokers are configured, else the in-process transport (standalone mode). */
export function createTransport(options: {
  brokers?: readonly string[] | undefined;
  clientId?: string;
  log?: KafkaTransportOptions['log'];
}): Transport {
  if (options.brokers && options.brokers.length > 0) {
    return new KafkaTransport({
      brokers: options.brokers,
      clientId: options.clientId ?? 'sextant',
      ...(options.log ? { log: options.log } : {}),
    });
  }
  return new MemoryTransport();
}
