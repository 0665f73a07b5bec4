import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@sextant/errors';
import { ADVISORY_LOCKS } from '../advisory-locks';
import type { SqlExecutor } from '../sql-executor';

/** Where the committed migrations live: `prisma/migrations` at the repository root. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../../prisma/migrations');

/** Prisma Migrate's own lock key, so that this migrator and `prisma migrate` exclude each other. */
const ADVISORY_LOCK_KEY = ADVISORY_LOCKS.prismaMigrate;

// The exact table Prisma Migrate keeps, so `prisma migrate status` reads what we applied.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrateResult {
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies the committed `migration.sql` files in name order, each in its own transaction, and
 * records them in `_prisma_migrations` as Prisma Migrate does. Safe to run concurrently (advisory
 * lock) and repeatedly (applied migrations are skipped; an edited one is refused).
 */
export async function migrate(
  db: SqlExecutor,
  dir = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  await db.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(MIGRATIONS_TABLE);
    const rows = await db.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const row = done.get(file.name);
      if (row?.finished_at) {
        if (row.checksum !== file.checksum) {
          throw new AppError(
            'MIGRATION_FAILED',
            `migration ${file.name} was edited after it was applied (checksum differs)`,
          );
        }
        result.alreadyApplied.push(file.name);
        continue;
      }
      if (row) {
        throw new AppError(
          'MIGRATION_FAILED',
          `migration ${file.name} started earlier and never finished; resolve it by hand`,
        );
      }
      await applyOne(db, file);
      result.applied.push(file.name);
    }
    return result;
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(db: SqlExecutor, file: MigrationFile): Promise<void> {
  await db.exec('BEGIN');
  try {
    await db.exec(file.sql);
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await db.exec('COMMIT');
  } catch (cause) {
    await db.exec('ROLLBACK');
    throw new AppError('MIGRATION_FAILED', `migration ${file.name} failed: ${String(cause)}`, {
      cause,
    });
  }
}
