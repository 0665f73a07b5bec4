import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client';
import { lockDataDir } from './data-dir-lock';
import { migrate, type MigrateResult } from './migrations/migrator';
import { type SqlExecutor, connectPostgres, pgliteExecutor } from './sql-executor';

export type { PrismaClient };

export interface DatabaseOptions {
  /** A PostgreSQL URL. When absent, an embedded PGlite database is used. */
  readonly url?: string | undefined;
  /** PGlite's data folder; `memory://` or undefined keeps it in memory. */
  readonly dataDir?: string | undefined;
  /** Apply the committed migrations before returning. */
  readonly migrate?: boolean;
  readonly migrationsDir?: string;
  /** Pool size for PostgreSQL. */
  readonly poolSize?: number;
}

/**
 * Statements run on their own connection, outside Prisma, for bulk writes: Prisma passes a large
 * parameter several times slower than the driver does (a 137 KB string: 7 vs 1.2 ms CPU).
 * Only on PostgreSQL — the embedded database has one session, which Prisma's transactions hold.
 */
export interface BulkSql {
  /**
   * Runs one statement with `$1…` parameters; answers the rows it affected. With `prepare`, the
   * statement is prepared once per connection and reused (PostgreSQL then parses it once and,
   * after a few runs, plans it once): only for statements whose texts are few.
   */
  execute(sql: string, params: readonly unknown[], options?: BulkOptions): Promise<number>;
}

export interface BulkOptions {
  readonly prepare?: boolean;
}

/** One database connection for a process: the Prisma client plus what it runs on. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  /** Bulk statements outside Prisma (PostgreSQL only). */
  readonly bulk: BulkSql | undefined;
  readonly migration: MigrateResult | undefined;
  /** `SELECT 1` round trip; throws when the database is unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  let migration: MigrateResult | undefined;
  if (options.migrate) {
    const exec = await connectPostgres(url);
    try {
      migration = await migrate(exec, options.migrationsDir);
    } finally {
      await exec.close();
    }
  }
  const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
  const prisma = new PrismaClient({ adapter });
  // Two connections at most, opened on first use and let go when idle.
  const pool = new Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle connection's failure: the next query reconnects
  const names = new Map<string, string>();
  const bulk: BulkSql = {
    async execute(sql, params, options) {
      const values = params as unknown[];
      if (!options?.prepare) return (await pool.query(sql, values)).rowCount ?? 0;
      // A name per text (the driver prepares it on each connection at its first use there).
      let name = names.get(sql);
      if (!name) {
        name = `sextant_bulk_${names.size + 1}`;
        names.set(sql, name);
      }
      return (await pool.query({ name, text: sql, values })).rowCount ?? 0;
    },
  };
  return wrap('postgres', prisma, migration, bulk, async () => {
    await Promise.all([prisma.$disconnect(), pool.end()]);
  });
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  let unlock = async () => undefined as unknown;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  try {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    const exec: SqlExecutor = pgliteExecutor(pglite);
    const migration = options.migrate ? await migrate(exec, options.migrationsDir) : undefined;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return wrap('pglite', prisma, migration, undefined, async () => {
      await prisma.$disconnect();
      await pglite.close();
      await unlock();
    });
  } catch (error) {
    await unlock();
    throw error;
  }
}

function wrap(
  kind: Database['kind'],
  prisma: PrismaClient,
  migration: MigrateResult | undefined,
  bulk: BulkSql | undefined,
  close: () => Promise<void>,
): Database {
  let closed: Promise<void> | undefined;
  return {
    kind,
    prisma,
    migration,
    bulk,
    async ping() {
      const started = performance.now();
      await prisma.$queryRawUnsafe('SELECT 1');
      return performance.now() - started;
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}
