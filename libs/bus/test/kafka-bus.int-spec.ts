import { z } from 'zod';
import { EventBus, KafkaTransport, defineEvent } from '../src';
import { createTestDatabase, eventually, kafkaBrokers, uniqueName } from '@sextant/testing';
import { busContract, runDyingProcess } from './bus-contract';

busContract(
  'Kafka',
  () => new KafkaTransport({ brokers: kafkaBrokers(), clientId: 'bus-contract' }),
  {
    database: 'postgres',
  },
);

describe('the outbox relay over Kafka, when its process dies after publishing', () => {
  it('publishes again, and the consumer applies the event once', async () => {
    const db = await createTestDatabase();
    const transport = new KafkaTransport({ brokers: kafkaBrokers(), clientId: 'relay-crash' });
    try {
      const def = defineEvent({
        name: `test.${uniqueName('relay-crash')}`,
        version: 1,
        schema: z.object({ id: z.string(), n: z.number() }),
        key: (p) => p.id,
      });
      const outcome = await runDyingProcess([
        db.url,
        def.name,
        'r-1',
        'publish',
        kafkaBrokers().join(','),
      ]);
      expect(outcome).toEqual({ signal: 'SIGKILL', stdout: 'committed\npublished\n' });
      // It died before stamping: the row is still unpublished although Kafka has the event.
      expect(
        await db.prisma.outboxEvent.count({ where: { topic: def.topic, publishedAt: null } }),
      ).toBe(1);

      const bus = new EventBus(transport, db.prisma);
      const consumer = await bus.consume({
        group: uniqueName('g'),
        events: [def],
        handler: async (env, tx) => {
          await tx.auditLog.create({ data: { action: def.name, target: env.id } });
        },
      });
      const relay = bus.relay({ idleMs: 10 });
      relay.start();
      await eventually(
        () => consumer.stats.processed + consumer.stats.duplicates === 2,
        'both deliveries',
      );
      await relay.stop();
      await consumer.stop();
      expect(consumer.stats).toEqual({ processed: 1, duplicates: 1, deadLettered: 0 });
      expect(await db.prisma.auditLog.count({ where: { action: def.name } })).toBe(1);
      expect(
        await db.prisma.outboxEvent.count({ where: { topic: def.topic, publishedAt: null } }),
      ).toBe(0);
    } finally {
      await transport.close();
      await db.drop();
    }
  });
});
