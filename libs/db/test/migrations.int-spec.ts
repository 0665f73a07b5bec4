import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectPostgres, openDatabase, readMigrations } from '../src';
import { createEmptyDatabase, dropDatabase } from '../src/testing';

const platformTables = [
  'api_keys',
  'audit_log',
  'memberships',
  'outbox',
  'processed_events',
  'projects',
  'sessions',
  'users',
];

describe('migrations', () => {
  it('apply to an empty PostgreSQL database, once', async () => {
    const { url, name } = await createEmptyDatabase();
    try {
      const first = await openDatabase({ url, migrate: true });
      const all = (await readMigrations()).map((m) => m.name);
      expect(first.migration?.applied).toEqual(all);
      const tables = await first.prisma.$queryRawUnsafe<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'platform' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(platformTables));
      await first.close();

      const second = await openDatabase({ url, migrate: true });
      expect(second.migration).toEqual({ applied: [], alreadyApplied: all });
      await second.close();
    } finally {
      await dropDatabase(name);
    }
  });

  it('are safe when several processes migrate at once', async () => {
    const { url, name } = await createEmptyDatabase();
    try {
      const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ url, migrate: true })));
      const appliedCounts = dbs.map((d) => d.migration?.applied.length ?? 0);
      expect(appliedCounts.filter((n) => n > 0)).toHaveLength(1);
      await Promise.all(dbs.map((d) => d.close()));
    } finally {
      await dropDatabase(name);
    }
  });

  it('apply to embedded PGlite, and the Prisma client works on it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sx-pglite-'));
    try {
      const db = await openDatabase({ dataDir: dir, migrate: true });
      expect(db.kind).toBe('pglite');
      const user = await db.prisma.user.create({ data: { email: 'a@example.com', isAdmin: true } });
      expect(user.isAdmin).toBe(true);
      expect(await db.prisma.project.findUnique({ where: { slug: 'default' } })).not.toBeNull();
      await db.close();

      const again = await openDatabase({ dataDir: dir, migrate: true });
      expect(again.migration?.applied).toEqual([]);
      // A second process (here: a second open) on the same folder is refused, not corrupted.
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/is in use by process/);
      expect(await again.prisma.user.count()).toBe(1);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuse a migration edited after it was applied', async () => {
    const { url, name } = await createEmptyDatabase();
    try {
      const db = await openDatabase({ url, migrate: true });
      await db.close();
      const exec = await connectPostgres(url);
      await exec.query(`UPDATE "_prisma_migrations" SET checksum = 'tampered'`);
      await exec.close();
      await expect(openDatabase({ url, migrate: true })).rejects.toThrow(
        /edited after it was applied/,
      );
    } finally {
      await dropDatabase(name);
    }
  });
});
