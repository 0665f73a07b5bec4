import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type BulkSql, type Database, openDatabase } from '@sextant/db';
import { eventually, uniqueName } from '@sextant/testing';
import {
  DatabaseLogTransport,
  type DatabaseLogTransportOptions,
  EventBus,
  type IncomingMessage,
  type Subscription,
  defineEvent,
  dlqTopic,
  listDeadLetters,
  replayDeadLetter,
} from '../src';
import { PREPARED_APPEND_ROWS, VALUE_PARAMS_LIMIT } from '../src/database-log.repository';

const fast = { heartbeatMs: 200, pollIntervalMs: 50, retentionIntervalMs: 0 };

const newEvent = () =>
  defineEvent({
    name: `test.${uniqueName('log')}`,
    version: 1,
    schema: z.object({ id: z.string(), n: z.number().int() }),
    key: (p) => p.id,
  });

/** Subscribes a new (or the given) group to a topic, collecting what it receives. */
async function collect(
  transport: DatabaseLogTransport,
  topic: string,
  groupId = uniqueName('g'),
): Promise<{ seen: IncomingMessage[]; sub: Subscription }> {
  const seen: IncomingMessage[] = [];
  const sub = await transport.subscribe({
    groupId,
    topics: [topic],
    onMessage: async (m) => {
      seen.push(m);
    },
  });
  return { seen, sub };
}

const message = (n: number, key = 'k') => ({ key, value: `m${n}` });
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('the database log transport on an embedded data folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sx-bus-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}/data.lock`, { force: true });
  });

  const open = async (extra: Partial<DatabaseLogTransportOptions> = {}) => {
    const db = await openDatabase({ dataDir: path.join(dir, 'data'), migrate: true });
    const transport = new DatabaseLogTransport({ prisma: db.prisma, ...fast, ...extra });
    await transport.connect();
    return { db, transport };
  };

  it('keeps messages and committed offsets across a restart', async () => {
    const topic = uniqueName('restart');
    const group = uniqueName('g');
    let { db, transport } = await open();
    await transport.ensureTopics([{ topic, partitions: 2 }]);
    const first = await collect(transport, topic, group);
    await transport.publish(
      topic,
      [1, 2, 3].map((n) => message(n, `key-${n}`)),
    );
    await eventually(() => first.seen.length === 3, 'the first three');
    await first.sub.stop();
    await transport.publish(
      topic,
      [4, 5].map((n) => message(n, `key-${n}`)),
    );
    await transport.close();
    await db.close();

    ({ db, transport } = await open());
    try {
      const again = await collect(transport, topic, group);
      const fresh = await collect(transport, topic);
      await eventually(() => again.seen.length === 2 && fresh.seen.length === 5, 'both groups');
      await settle();
      // The group resumes where it committed; a new group still finds every message.
      expect(again.seen.map((m) => m.value).sort()).toEqual(['m4', 'm5']);
      expect(fresh.seen.map((m) => m.value).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      expect(Object.values(fresh.sub.assignment()).flat().sort()).toEqual([0, 1]);
    } finally {
      await transport.close();
      await db.close();
    }
  });

  it('consumes exactly once an event whose process was killed before consuming it', async () => {
    const name = `test.${uniqueName('killed')}`;
    const data = path.join(dir, 'data');
    const died = await runFixture([data, name, 'die']);
    // The relay had appended it to the log (the consumer's handler was starting) when it died.
    expect(died).toEqual({ signal: 'SIGKILL', stdout: 'committed\nhandling\n' });

    const second = await runFixture([data, name, 'consume']);
    expect(second.signal).toBeNull();
    expect(JSON.parse(second.stdout)).toEqual({
      processed: 1,
      duplicates: 0,
      deadLettered: 0,
      effects: 1,
      unpublished: 0,
    });

    const third = await runFixture([data, name, 'consume', '1500']);
    expect(JSON.parse(third.stdout)).toMatchObject({ processed: 0, duplicates: 0, effects: 1 });
  });
});

describe('the database log transport on PostgreSQL', () => {
  let db: Database & { drop(): Promise<void> };
  const transports: DatabaseLogTransport[] = [];
  const make = async (extra: Partial<DatabaseLogTransportOptions> = {}) => {
    const t = new DatabaseLogTransport({ prisma: db.prisma, ...fast, ...extra });
    await t.connect();
    transports.push(t);
    return t;
  };

  beforeAll(async () => {
    const { createTestDatabase } = await import('@sextant/testing');
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await db.drop();
  });

  const values = async (transport: DatabaseLogTransport, topic: string) => {
    const { seen, sub } = await collect(transport, topic);
    await settle();
    await sub.stop();
    return seen.map((m) => m.value);
  };

  /** What the log holds for a topic, per partition in offset order. */
  const stored = (topic: string) =>
    db.prisma.$queryRaw<{ partition: number; msg_offset: bigint; key: string; value: string }[]>`
      SELECT partition, msg_offset, key, value FROM platform.bus_messages
      WHERE topic = ${topic} ORDER BY partition, msg_offset`;

  it.each([
    ['through Prisma', false, 30],
    ['through the bulk connection', true, 30],
    ['through the bulk connection, as a prepared statement', true, PREPARED_APPEND_ROWS],
    ['through Prisma, at the value parameter limit', false, VALUE_PARAMS_LIMIT],
    ['through Prisma, past the value parameter limit', false, VALUE_PARAMS_LIMIT + 1],
    ['through the bulk connection, past the value parameter limit', true, VALUE_PARAMS_LIMIT + 1],
  ])(
    'appends a publish %s: every value as sent, offsets contiguous per partition',
    async (_, viaBulk, count) => {
      const transport = await make(viaBulk ? { bulk: db.bulk } : {});
      const topic = uniqueName('append');
      await transport.ensureTopics([{ topic, partitions: 3 }]);
      // Quotes, backslashes, a NUL-free control character and non-ASCII text must arrive unchanged.
      const odd = (n: number) => `{"n":${n},"s":"a \\ \"q\" \t é 模型 😀"}`;
      const sent = Array.from({ length: count }, (_, n) => ({ key: `k${n % 7}`, value: odd(n) }));
      await transport.publish(topic, sent);
      const rows = await stored(topic);
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r.value))).toEqual(new Set(sent.map((m) => m.value)));
      // Per partition: offsets 0, 1, 2, … in the order the messages were published.
      const sentAt = new Map(sent.map((m, i) => [m.value, i]));
      const byPartition = new Map<number, { offset: bigint; at: number }[]>();
      for (const r of rows) {
        const list = byPartition.get(r.partition) ?? [];
        list.push({ offset: r.msg_offset, at: sentAt.get(r.value)! });
        byPartition.set(r.partition, list);
      }
      expect(byPartition.size).toBe(3);
      for (const list of byPartition.values()) {
        expect(list.map((m) => m.offset)).toEqual(list.map((_, i) => BigInt(i)));
        expect(list.map((m) => m.at)).toEqual([...list.map((m) => m.at)].sort((a, b) => a - b));
      }
      // The retention tests below count every topic's messages.
      await db.prisma.$executeRaw`DELETE FROM platform.bus_messages WHERE topic = ${topic}`;
    },
  );

  it('appends small publishes as prepared statements, reused across the pool: offsets continue', async () => {
    // The real bulk connection, watched: which appends ask to be prepared.
    const prepared: boolean[] = [];
    const bulk: BulkSql = {
      execute: (sql, params, options) => {
        prepared.push(options?.prepare === true);
        return db.bulk!.execute(sql, params, options);
      },
    };
    const transport = await make({ bulk });
    const topic = uniqueName('prepared');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    // Concurrent rounds (both pool connections prepare and run the same statement), more of them
    // than PostgreSQL's custom-plan runs before it may switch to a generic plan.
    const round = (r: number) =>
      transport.publish(topic, [
        { key: 'k', value: `{"round":${r},"i":0}` },
        { key: 'k', value: `{"round":${r},"i":1}` },
      ]);
    for (let wave = 0; wave < 4; wave++)
      await Promise.all([0, 1, 2].map((r) => round(wave * 3 + r)));
    const rows = await stored(topic);
    expect(rows.map((r) => r.msg_offset)).toEqual(Array.from({ length: 24 }, (_, n) => BigInt(n)));
    // Each round's two messages are adjacent and in order; every round is there once.
    const values = rows.map((r) => JSON.parse(r.value) as { round: number; i: number });
    for (let n = 0; n < 24; n += 2) {
      expect([values[n]!.i, values[n + 1]!.i, values[n + 1]!.round]).toEqual([
        0,
        1,
        values[n]!.round,
      ]);
    }
    expect(new Set(values.map((v) => v.round)).size).toBe(12);
    expect(prepared.length).toBeGreaterThanOrEqual(12);
    expect(prepared.every(Boolean)).toBe(true);
    // Past PREPARED_APPEND_ROWS rows: unprepared (a text per row count would pile up).
    prepared.length = 0;
    await transport.publish(
      topic,
      Array.from({ length: PREPARED_APPEND_ROWS + 1 }, (_, n) => ({ key: 'k', value: `${n}` })),
    );
    expect(prepared).toEqual([false]);
    await db.prisma.$executeRaw`DELETE FROM platform.bus_messages WHERE topic = ${topic}`;
  });

  it('deletes messages past the count limit of a partition', async () => {
    const transport = await make({ retention: { maxMessagesPerPartition: 2 } });
    const topic = uniqueName('count');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    await transport.publish(
      topic,
      [1, 2, 3, 4, 5].map((n) => message(n)),
    );
    expect(await transport.applyRetention()).toBe(3);
    expect(await values(transport, topic)).toEqual(['m4', 'm5']);
  });

  it('deletes messages older than the age limit', async () => {
    const transport = await make({ retention: { maxAgeMs: 300 } });
    const topic = uniqueName('age');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    await transport.publish(topic, [message(1), message(2)]);
    await new Promise((r) => setTimeout(r, 600));
    await transport.publish(topic, [message(3)]);
    await transport.applyRetention();
    expect(await values(transport, topic)).toEqual(['m3']);
  });

  it('deletes the oldest messages past the size limit of a partition', async () => {
    // Each message is 1 (key) + 100 bytes. A message goes once the newer ones alone fill the
    // budget (as Kafka keeps at least retention.bytes): 200 bytes keep the newest two.
    const transport = await make({ retention: { maxBytesPerPartition: 200 } });
    const topic = uniqueName('size');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    const big = (n: number) => ({ key: 'k', value: `${n}`.padEnd(100, '.') });
    await transport.publish(topic, [big(1), big(2), big(3)]);
    await transport.publish(topic, [big(4)]);
    await transport.applyRetention();
    expect((await values(transport, topic)).map((v) => v[0])).toEqual(['3', '4']);
  });

  it('lets a group resume from retained messages after older ones were deleted', async () => {
    const transport = await make({ retention: { maxMessagesPerPartition: 1 } });
    const topic = uniqueName('resume');
    const group = uniqueName('g');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    const first = await collect(transport, topic, group);
    await transport.publish(topic, [message(1)]);
    await eventually(() => first.seen.length === 1, 'the first');
    await first.sub.stop();
    await transport.publish(topic, [message(2), message(3)]);
    await transport.applyRetention();
    const again = await collect(transport, topic, group);
    await eventually(() => again.seen.length === 1, 'the retained one');
    await settle();
    await again.sub.stop();
    expect(again.seen.map((m) => m.value)).toEqual(['m3']);
  });

  it.each([
    ['has been silent longer than the session timeout', 'elsewhere', 1, '1 hour'],
    ['ran on this host in a process that is gone', hostname(), 2 ** 22 + 17, '0 seconds'],
  ])('takes over the partitions of a member that %s', async (_, host, pid, silence) => {
    const transport = await make();
    const topic = uniqueName('takeover');
    const group = uniqueName('g');
    await transport.ensureTopics([{ topic, partitions: 2 }]);
    // A member of a process that died holds partition 1 (its lease looks valid for an hour).
    await db.prisma.$executeRaw`
      INSERT INTO platform.bus_members (group_id, member_id, topics, host, pid, joined_at, heartbeat_at)
      VALUES (${group}, 'dead-member', ${[topic]}::text[], ${host}, ${pid}::int,
              now() - interval '2 hours', now() - ${silence}::interval)`;
    await db.prisma.$executeRaw`
      INSERT INTO platform.bus_group_offsets (group_id, topic, partition, next_offset, owner, lease_until)
      VALUES (${group}, ${topic}, 1, 0, 'dead-member', now() + interval '1 hour')`;
    const { seen, sub } = await collect(transport, topic, group);
    await transport.publish(
      topic,
      Array.from({ length: 20 }, (_, i) => message(i, `key-${i}`)),
    );
    await eventually(() => seen.length === 20, 'every message');
    expect(sub.assignment()[topic]).toEqual([0, 1]);
    const left = await db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM platform.bus_members WHERE member_id = 'dead-member'`;
    expect(Number(left[0]!.n)).toBe(0);
  });
});

describe('dead letters', () => {
  let db: Database;
  let transport: DatabaseLogTransport;
  let bus: EventBus;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    db = await openDatabase({ migrate: true });
    transport = new DatabaseLogTransport({ prisma: db.prisma, ...fast });
    await transport.connect();
    bus = new EventBus(transport, db.prisma);
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    await transport.close();
    await db.close();
  });

  const effects = (tag: string) => db.prisma.auditLog.count({ where: { action: tag } });

  it('stores a dead letter and replays it once to the group that failed, not to one that succeeded', async () => {
    const def = newEvent();
    const failing = uniqueName('failing');
    const healthy = uniqueName('healthy');
    let fixed = false;
    const failingConsumer = await bus.consume({
      group: failing,
      events: [def],
      maxAttempts: 2,
      retryDelayMs: 10,
      handler: async (env, tx) => {
        if (!fixed) throw new Error('feature store unreachable');
        await tx.auditLog.create({ data: { action: failing, target: env.id } });
      },
    });
    const healthyConsumer = await bus.consume({
      group: healthy,
      events: [def],
      handler: async (env, tx) => {
        await tx.auditLog.create({ data: { action: healthy, target: env.id } });
      },
    });
    subscriptions.push(failingConsumer, healthyConsumer);
    await bus.publish(def, [{ id: 'dl-1', n: 1 }]);
    await eventually(
      () => failingConsumer.stats.deadLettered === 1 && healthyConsumer.stats.processed === 1,
      'a dead letter and a success',
    );

    const listed = await listDeadLetters(db.prisma, { group: failing, limit: 10 });
    expect(listed.nextCursor).toBeNull();
    expect(listed.items).toHaveLength(1);
    const letter = listed.items[0]!;
    const envelope = JSON.parse(letter.value) as { id: string };
    expect(letter).toMatchObject({
      consumerGroup: failing,
      topic: def.topic,
      key: 'dl-1',
      eventId: envelope.id,
      error: 'Error: feature store unreachable',
      attempts: 2,
      replayedAt: null,
      replayCount: 0,
    });
    expect(Number(letter.offset)).toBeGreaterThanOrEqual(0);
    expect(await listDeadLetters(db.prisma, { group: healthy, limit: 10 })).toEqual({
      items: [],
      nextCursor: null,
    });

    fixed = true;
    const replayed = await replayDeadLetter(db.prisma, transport, letter.id);
    expect(replayed.replayCount).toBe(1);
    expect(replayed.replayedAt).not.toBeNull();
    await eventually(
      () => failingConsumer.stats.processed === 1 && healthyConsumer.stats.duplicates === 1,
      'the replay in both groups',
    );
    await settle();
    expect(await effects(failing)).toBe(1);
    expect(await effects(healthy)).toBe(1);
    expect(failingConsumer.stats).toEqual({ processed: 1, duplicates: 0, deadLettered: 1 });
    expect(healthyConsumer.stats).toEqual({ processed: 1, duplicates: 1, deadLettered: 0 });
  });

  it('stores poison messages with no attempts, and pages newest first', async () => {
    const def = newEvent();
    const group = uniqueName('g');
    subscriptions.push(await bus.consume({ group, events: [def], handler: async () => undefined }));
    await transport.publish(
      def.topic,
      [1, 2, 3].map((n) => ({ key: 'p', value: `not json ${n}` })),
    );
    const dlq = await collect(transport, dlqTopic(def.topic));
    subscriptions.push(dlq.sub);
    await eventually(() => dlq.seen.length === 3, 'three on the dlq topic');

    const page1 = await listDeadLetters(db.prisma, { topic: def.topic, limit: 2 });
    expect(page1.items.map((l) => l.value)).toEqual(['not json 3', 'not json 2']);
    expect(page1.items.every((l) => l.attempts === 0 && l.eventId === null)).toBe(true);
    const page2 = await listDeadLetters(db.prisma, {
      topic: def.topic,
      limit: 2,
      cursor: page1.nextCursor!,
    });
    expect(page2).toEqual({
      items: [expect.objectContaining({ value: 'not json 1' })],
      nextCursor: null,
    });
  });

  it('refuses to replay a dead letter that does not exist', async () => {
    await expect(replayDeadLetter(db.prisma, transport, '999999')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

/** Runs fixtures/standalone-dies.js over the built packages. */
function runFixture(args: string[]): Promise<{ signal: string | null; stdout: string }> {
  const fixture = path.join(__dirname, 'fixtures/standalone-dies.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [fixture, ...args], (error, stdout) => {
      resolve({ signal: (error as { signal?: string } | null)?.signal ?? null, stdout });
    });
  });
}
