import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testServerUrl } from './env';
import { type Database, openDatabase } from './prisma-client';

/** The server tests make their databases on: $DATABASE_URL, else the local PostgreSQL. */
export function adminDatabaseUrl(): string {
  return testServerUrl();
}

export function databaseUrlFor(name: string, base = adminDatabaseUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase extends Database {
  readonly url: string;
  readonly name: string;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database made from the committed migrations, for one test file; `drop()` it
 * in afterAll. Names start with `sx_test_` so a crashed run's leftovers are easy to find.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `sx_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrlFor(name);
  const db = await openDatabase({ url, migrate: options.migrate ?? true, poolSize: 5 });
  return {
    ...db,
    url,
    name,
    close: () => db.close(),
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** An empty database (no migrations), returned as a URL; drop it with `dropDatabase`. */
export async function createEmptyDatabase(): Promise<{ url: string; name: string }> {
  const name = `sx_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { url: databaseUrlFor(name), name };
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
