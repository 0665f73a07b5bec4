import { execFile } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { type Database, inTransaction, openDatabase } from '@sextant/db';
import { createTestDatabase, eventually, uniqueName } from '@sextant/testing';
import {
  type Envelope,
  EventBus,
  type EventDefinition,
  type IncomingMessage,
  type OutboxRelay,
  type Subscription,
  type Transport,
  createEnvelope,
  defineEvent,
  dlqTopic,
  enqueueEvent,
  outboxWrites,
} from '../src';

/** Counts the relay's rounds from now on (`n`). */
function countRounds(relay: OutboxRelay): { n: number } {
  const rounds = { n: 0 };
  const publishBatch = relay.publishBatch.bind(relay);
  relay.publishBatch = () => {
    rounds.n++;
    return publishBatch();
  };
  return rounds;
}

export interface ContractOptions {
  /**
   * `postgres`: a fresh PostgreSQL database made from the migrations, shared with child
   * processes (which lets the suite kill one mid-way); `pglite`: the embedded database of
   * standalone mode, in memory, in this process only.
   */
  readonly database: 'postgres' | 'pglite';
}

/** Runs `node fixtures/commit-and-die.js …`; resolves with the signal that ended it and its output. */
export function runDyingProcess(
  args: string[],
): Promise<{ signal: string | null; stdout: string }> {
  const fixture = path.join(__dirname, 'fixtures/commit-and-die.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [fixture, ...args], (error, stdout) => {
      resolve({ signal: (error as { signal?: string } | null)?.signal ?? null, stdout });
    });
  });
}

/**
 * The behaviour every transport must have. Run per transport and database (memory-bus.int-spec.ts,
 * kafka-bus.int-spec.ts, database-log-bus.int-spec.ts); `makeTransport` gets the suite's database.
 */
export function busContract(
  name: string,
  makeTransport: (db: Database) => Transport,
  options: ContractOptions,
): void {
  describe(`event bus over ${name}, on ${options.database}`, () => {
    let db: Database & { url?: string; drop(): Promise<void> };
    let transport: Transport;
    let bus: EventBus;
    const subscriptions: Subscription[] = [];

    const newEvent = () =>
      defineEvent({
        name: `test.${uniqueName('thing')}`,
        version: 1,
        schema: z.object({ id: z.string(), n: z.number().int() }),
        key: (p) => p.id,
      });

    /** Each handled event leaves one audit row, written in the handler's transaction. */
    const effects = async (tag: string) => db.prisma.auditLog.count({ where: { action: tag } });
    const recordEffect =
      (tag: string) =>
      async (env: Envelope, tx: Parameters<Parameters<EventBus['consume']>[0]['handler']>[1]) => {
        await tx.auditLog.create({ data: { action: tag, target: env.id } });
      };

    const track = <S extends Subscription>(s: S): S => {
      subscriptions.push(s);
      return s;
    };

    /** Consumes `def` in a new group, collecting each payload's `n` in the order received. */
    const collectNumbers = async (def: EventDefinition) => {
      const got: number[] = [];
      track(
        await bus.consume({
          group: uniqueName('g'),
          events: [def],
          handler: async (env) => {
            got.push((env.payload as { n: number }).n);
          },
        }),
      );
      return got;
    };

    /** Collects everything that lands on a topic (used for dead letters). */
    const collect = async (topic: string) => {
      const seen: IncomingMessage[] = [];
      track(
        await transport.subscribe({
          groupId: uniqueName('collector'),
          topics: [topic],
          onMessage: async (m) => {
            seen.push(m);
          },
        }),
      );
      return seen;
    };

    beforeAll(async () => {
      if (options.database === 'postgres') {
        db = await createTestDatabase();
      } else {
        const embedded = await openDatabase({ migrate: true });
        db = Object.assign(embedded, { drop: () => embedded.close() });
      }
      transport = makeTransport(db);
      await transport.connect();
      bus = new EventBus(transport, db.prisma);
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    });

    afterAll(async () => {
      await transport.close();
      await db.drop();
    });

    it('delivers published events, in order for one key', async () => {
      const def = newEvent();
      await transport.ensureTopics([{ topic: def.topic, partitions: 2 }]);
      const got = await collectNumbers(def);
      await bus.publish(
        def,
        [1, 2, 3, 4, 5].map((n) => ({ id: 'same-key', n })),
      );
      await eventually(() => got.length === 5, '5 events');
      expect(got).toEqual([1, 2, 3, 4, 5]);
    });

    it('publishes an outbox event only when its transaction commits', async () => {
      const def = newEvent();
      const tag = uniqueName('outbox');
      const relay = bus.relay({ idleMs: 10 });
      track(
        await bus.consume({ group: uniqueName('g'), events: [def], handler: recordEffect(tag) }),
      );
      await inTransaction(db.prisma, (tx) => enqueueEvent(tx, def, { id: 'a', n: 1 }));
      await expect(
        inTransaction(db.prisma, async (tx) => {
          await enqueueEvent(tx, def, { id: 'b', n: 2 });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      relay.start();
      try {
        await eventually(async () => (await effects(tag)) === 1, 'the committed event');
        await new Promise((r) => setTimeout(r, 300));
        expect(await effects(tag)).toBe(1);
        const pending = await db.prisma.outboxEvent.count({
          where: { topic: def.topic, publishedAt: null },
        });
        expect(pending).toBe(0);
      } finally {
        await relay.stop();
      }
    });

    it('does not start a round per enqueued event under load', async () => {
      const relay = bus.relay({ idleMs: 50 });
      const rounds = countRounds(relay);
      relay.start();
      try {
        // 300 enqueues in 300 ms (the nudge alone, as enqueueEvent emits it before committing).
        const burst = setInterval(() => outboxWrites.emit('enqueued'), 1);
        await new Promise((r) => setTimeout(r, 300));
        clearInterval(burst);
        // A round every 50 ms: about 7, not one per nudge.
        expect(rounds.n).toBeLessThan(20);
      } finally {
        await relay.stop();
      }
    });

    it('polls slowly when idle, and fast again once this process enqueues an event', async () => {
      const def = newEvent();
      const tag = uniqueName('nudge');
      // Its pause doubles from 5 ms after 10 empty rounds, up to 20 s: after 3 s idle it sleeps
      // for seconds, so only the nudge of enqueueEvent can relay the event within 1 s.
      const relay = bus.relay({ idleMs: 5, maxIdleMs: 20_000 });
      track(
        await bus.consume({ group: uniqueName('g'), events: [def], handler: recordEffect(tag) }),
      );
      const rounds = countRounds(relay);
      relay.start();
      try {
        await new Promise((r) => setTimeout(r, 3000));
        // 50 rounds a second at 5 ms would be 600 by now.
        expect(rounds.n).toBeLessThan(40);
        await inTransaction(db.prisma, (tx) => enqueueEvent(tx, def, { id: 'a', n: 1 }));
        await eventually(async () => (await effects(tag)) === 1, 'the event, nudged', 1000);
      } finally {
        await relay.stop();
      }
    });

    if (options.database === 'postgres') {
      it('publishes an event committed by a process that died before publishing it', async () => {
        const def = newEvent();
        const tag = uniqueName('crash');
        const outcome = await runDyingProcess([db.url!, def.name, 'crash-1', 'commit']);
        expect(outcome).toEqual({ signal: 'SIGKILL', stdout: 'committed\n' });
        expect(
          await db.prisma.outboxEvent.count({ where: { topic: def.topic, publishedAt: null } }),
        ).toBe(1);

        track(
          await bus.consume({ group: uniqueName('g'), events: [def], handler: recordEffect(tag) }),
        );
        const relay = bus.relay({ idleMs: 10 });
        relay.start();
        try {
          await eventually(async () => (await effects(tag)) === 1, 'the orphaned event');
        } finally {
          await relay.stop();
        }
      });
    }

    if (options.database === 'postgres') {
      it('keeps outbox order when relays of several processes run at once', async () => {
        const def = newEvent();
        await transport.ensureTopics([{ topic: def.topic, partitions: 1 }]);
        const got = await collectNumbers(def);
        await inTransaction(db.prisma, async (tx) => {
          for (let n = 0; n < 300; n++) await enqueueEvent(tx, def, { id: 'one-key', n });
        });
        // Each relay on its own connection pool, as each service process has its own.
        const others = await Promise.all([1, 2].map(() => openDatabase({ url: db.url! })));
        const relays = [db, ...others].map((d) =>
          new EventBus(transport, d.prisma).relay({ batchSize: 20, idleMs: 1 }),
        );
        relays.forEach((r) => r.start());
        try {
          await eventually(() => got.length === 300, '300 events');
        } finally {
          await Promise.all(relays.map((r) => r.stop()));
          await Promise.all(others.map((d) => d.close()));
        }
        expect(got).toEqual(Array.from({ length: 300 }, (_, n) => n));
      });
    }

    it('gives a duplicate delivery one effect', async () => {
      const def = newEvent();
      const tag = uniqueName('dup');
      const consumer = track(
        await bus.consume({ group: uniqueName('g'), events: [def], handler: recordEffect(tag) }),
      );
      const envelope = createEnvelope(def, { id: 'k', n: 7 });
      const message = { key: envelope.key, value: JSON.stringify(envelope) };
      await transport.publish(def.topic, [message, message]);
      await transport.publish(def.topic, [message]);
      await eventually(
        () => consumer.stats.processed + consumer.stats.duplicates === 3,
        '3 deliveries',
      );
      expect(consumer.stats).toEqual({ processed: 1, duplicates: 2, deadLettered: 0 });
      expect(await effects(tag)).toBe(1);
    });

    it('sends poison messages to the dead-letter topic and keeps consuming', async () => {
      const def = newEvent();
      const tag = uniqueName('poison');
      await transport.ensureTopics([
        { topic: def.topic, partitions: 1 },
        { topic: dlqTopic(def.topic), partitions: 1 },
      ]);
      const dead = await collect(dlqTopic(def.topic));
      const consumer = track(
        await bus.consume({ group: uniqueName('g'), events: [def], handler: recordEffect(tag) }),
      );
      const badPayload = {
        ...createEnvelope(def, { id: 'x', n: 1 }),
        payload: { id: 'x', n: 'one' },
      };
      await transport.publish(def.topic, [
        { key: 'x', value: 'not json at all' },
        { key: 'x', value: JSON.stringify(badPayload) },
      ]);
      await bus.publish(def, [{ id: 'x', n: 2 }]);
      await eventually(
        () => dead.length === 2 && consumer.stats.processed === 1,
        'two dead letters',
      );
      expect(dead.map((m) => m.value)).toEqual(['not json at all', JSON.stringify(badPayload)]);
      expect(dead[0]!.headers['x-sextant-error']).toBe('message is not JSON');
      expect(dead[1]!.headers['x-sextant-error']).toContain('n:');
      expect(await effects(tag)).toBe(1);
    });

    it('dead-letters an event whose handler keeps failing, after its retries', async () => {
      const def = newEvent();
      const dead = await collect(dlqTopic(def.topic));
      let calls = 0;
      track(
        await bus.consume({
          group: uniqueName('g'),
          events: [def],
          maxAttempts: 3,
          retryDelayMs: 10,
          handler: async () => {
            calls++;
            throw new Error('model store unreachable');
          },
        }),
      );
      await bus.publish(def, [{ id: 'y', n: 1 }]);
      await eventually(() => dead.length === 1, 'a dead letter');
      expect(calls).toBe(3);
      expect(dead[0]!.headers['x-sextant-error']).toBe('Error: model store unreachable');
      expect(dead[0]!.headers['x-sextant-attempts']).toBe('3');
    });

    it('waits for a running handler when a consumer stops', async () => {
      const def = newEvent();
      const tag = uniqueName('stop');
      let release: () => void = () => undefined;
      let started = false;
      const consumer = await bus.consume({
        group: uniqueName('g'),
        events: [def],
        handler: async (env, tx) => {
          started = true;
          await new Promise<void>((r) => (release = r));
          await recordEffect(tag)(env, tx);
        },
      });
      await bus.publish(def, [{ id: 's', n: 1 }]);
      await eventually(() => started, 'the handler to start');
      let stopped = false;
      const stopping = consumer.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(await effects(tag)).toBe(1);
    });

    it('shares the partitions of a topic between two consumers of one group', async () => {
      const def = newEvent();
      const tag = uniqueName('share');
      await transport.ensureTopics([{ topic: def.topic, partitions: 4 }]);
      const group = uniqueName('g');
      const handledBy: Record<string, number> = { a: 0, b: 0 };
      const member = (who: 'a' | 'b') =>
        bus.consume({
          group,
          events: [def],
          handler: async (env, tx) => {
            handledBy[who]!++;
            await recordEffect(tag)(env, tx);
          },
        });
      const a = track(await member('a'));
      const b = track(await member('b'));
      const partitionsOf = (s: Subscription) => s.assignment()[def.topic] ?? [];
      await eventually(
        () =>
          partitionsOf(a).length > 0 &&
          partitionsOf(b).length > 0 &&
          partitionsOf(a).length + partitionsOf(b).length === 4,
        'a balanced group',
      );
      expect([...partitionsOf(a), ...partitionsOf(b)].sort()).toEqual([0, 1, 2, 3]);

      await bus.publish(
        def,
        Array.from({ length: 40 }, (_, i) => ({ id: `key-${i}`, n: i })),
      );
      await eventually(async () => (await effects(tag)) === 40, '40 effects');
      expect(handledBy['a']).toBeGreaterThan(0);
      expect(handledBy['b']).toBeGreaterThan(0);
      expect(handledBy['a']! + handledBy['b']!).toBe(40);
    });
  });
}
