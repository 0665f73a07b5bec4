import type { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

/**
 * The smallest SQL surface the migrator needs, over node-postgres or PGlite. Prisma's client is not
 * used for migrations: applying committed SQL needs no schema engine (see docs/decisions/0002).
 */
export interface SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** One parameterised statement. */
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A script of several statements, no parameters. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectPostgres(url: string): Promise<SqlExecutor> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    kind: 'postgres',
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const res = await client.query<R>(sql, params);
      return res.rows;
    },
    async exec(script) {
      await client.query(script);
    },
    async close() {
      await client.end();
    },
  };
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    kind: 'pglite',
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const res = await db.query<R>(sql, params);
      return res.rows;
    },
    async exec(script) {
      await db.exec(script);
    },
    async close() {
      // The PGlite instance belongs to its owner, who closes it.
    },
  };
}
