import { z } from 'zod';
import { createClient } from '@sextant/client';
import { bootstrapAdmin } from '@sextant/api';
import { defineEvent } from '@sextant/bus';
import type { RunningPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase, eventually, uniqueName } from '@sextant/testing';
import { startTestPlatform, statusOf } from './platform';

/** An operator's view of what the bus could not deliver: list it, fix the cause, replay it. */
describe('platform.deadLetters', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let admin: ReturnType<typeof createClient>;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startTestPlatform(db);
    admin = createClient({
      url: running.url,
      apiKey: (await bootstrapAdmin(running.platform.db.prisma))!.key,
    });
  });

  afterAll(async () => {
    await running.close();
    await db.drop();
  });

  it('lists a failed event, replays it once the cause is fixed, and audits the replay', async () => {
    const def = defineEvent({
      name: `test.${uniqueName('dl')}`,
      version: 1,
      schema: z.object({ id: z.string() }),
      key: (p) => p.id,
    });
    let broken = true;
    const group = uniqueName('g');
    const consumer = await running.platform.bus.consume({
      group,
      events: [def],
      maxAttempts: 2,
      retryDelayMs: 5,
      handler: async (env, tx) => {
        if (broken) throw new Error('model store unreachable');
        await tx.auditLog.create({ data: { action: def.name, target: env.id } });
      },
    });
    try {
      await running.platform.bus.publish(def, [{ id: 'k1' }]);
      await eventually(() => consumer.stats.deadLettered === 1, 'a dead letter');

      const page = await admin.platform.deadLetters.list.query({ topic: def.topic });
      expect(page.items).toHaveLength(1);
      const letter = page.items[0]!;
      expect(letter).toMatchObject({
        consumerGroup: group,
        error: 'Error: model store unreachable',
        attempts: 2,
        replayedAt: null,
      });

      broken = false;
      const replayed = await admin.platform.deadLetters.replay.mutate({ id: letter.id });
      expect(replayed.replayCount).toBe(1);
      await eventually(
        async () => (await db.prisma.auditLog.count({ where: { action: def.name } })) === 1,
        'the replayed effect',
      );
      const audit = await admin.platform.audit.list.query({
        action: 'platform.dead-letter-replayed',
      });
      expect(audit.items[0]).toMatchObject({ target: letter.id });
      expect(
        (await admin.platform.deadLetters.list.query({ topic: def.topic, replayed: false })).items,
      ).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });

  it('answers an unknown or malformed id with a 4xx', async () => {
    expect(await statusOf(admin.platform.deadLetters.replay.mutate({ id: '999999' }))).toBe(404);
    expect(await statusOf(admin.platform.deadLetters.replay.mutate({ id: 'drop table' }))).toBe(
      400,
    );
  });
});
