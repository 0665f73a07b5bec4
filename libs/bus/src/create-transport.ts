import type { BulkSql, PrismaClient } from '@sextant/db';
import { DatabaseLogTransport } from './database-log-transport';
import { KafkaTransport, type KafkaTransportOptions } from './kafka-transport';
import type { Transport } from './transport';

/**
 * Kafka when brokers are configured, else the durable log in the database the services use
 * (standalone mode on PGlite, or a small install on PostgreSQL without Kafka).
 */
export function createTransport(options: {
  brokers?: readonly string[] | undefined;
  clientId?: string;
  /** Kafka only: see KafkaTransportOptions.namespace. */
  namespace?: string | undefined;
  log?: KafkaTransportOptions['log'];
  prisma: PrismaClient;
  /** The database log only: direct publishes outside Prisma (the database's `bulk`). */
  bulk?: BulkSql | undefined;
}): Transport {
  if (options.brokers && options.brokers.length > 0) {
    return new KafkaTransport({
      brokers: options.brokers,
      clientId: options.clientId ?? 'sextant',
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  }
  const log = options.log;
  return new DatabaseLogTransport({
    prisma: options.prisma,
    bulk: options.bulk,
    ...(log
      ? { onError: (e: unknown) => log('warn', `database log: ${String(e)}`, { error: e }) }
      : {}),
  });
}
