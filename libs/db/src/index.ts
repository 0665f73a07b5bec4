export { openDatabase } from './prisma-client';
export type { Database, DatabaseOptions, PrismaClient } from './prisma-client';
export { inTransaction } from './transaction';
export type { Tx } from './transaction';
export { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from './migrations/migrator';
export type { MigrateResult, MigrationFile } from './migrations/migrator';
export { connectPostgres, pgliteExecutor } from './sql-executor';
export type { SqlExecutor } from './sql-executor';
export { Prisma } from './generated/prisma/client';
export type {
  ApiKey,
  AuditLog,
  OutboxEvent,
  ProcessedEvent,
  Role,
  User,
} from './generated/prisma/client';
export {
  adminDatabaseUrl,
  createEmptyDatabase,
  createTestDatabase,
  databaseUrlFor,
  dropDatabase,
} from './test-database';
export type { TestDatabase } from './test-database';
