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

describe('Kafka namespaces: two installations on one broker', () => {
  it('keep their topics and groups apart, under the same names', async () => {
    const [a, b] = [uniqueName('ns-a'), uniqueName('ns-b')].map(
      (namespace) =>
        new KafkaTransport({ brokers: kafkaBrokers(), clientId: namespace, namespace }),
    );
    const topic = uniqueName('shared-topic');
    const seen: Record<string, string[]> = { a: [], b: [] };
    const subscriptions = await Promise.all(
      (
        [
          ['a', a!],
          ['b', b!],
        ] as const
      ).map(([name, transport]) =>
        transport.subscribe({
          groupId: 'the-same-group',
          topics: [topic],
          fromBeginning: true,
          onMessage: async (m) => {
            expect(m.topic).toBe(topic);
            seen[name]!.push(m.value);
          },
        }),
      ),
    );
    try {
      await a!.publish(topic, [{ key: 'k', value: 'from a' }]);
      await b!.publish(topic, [{ key: 'k', value: 'from b' }]);
      await eventually(() => seen['a']!.length >= 1 && seen['b']!.length >= 1, 'both messages');
      // Each sees only its own, although topic and group names are the same.
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual({ a: ['from a'], b: ['from b'] });
    } finally {
      await Promise.all(subscriptions.map((s) => s.stop()));
      await Promise.all([a!.close(), b!.close()]);
    }
  }, 90_000);
});
