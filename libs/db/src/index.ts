export { openDatabase } from './prisma-client';
export type {
  BulkOptions,
  BulkSql,
  Database,
  DatabaseOptions,
  PrismaClient,
} from './prisma-client';
export { inTransaction } from './transaction';
export type { Tx } from './transaction';
export { Transactor } from './transactor';
export type { TransactionOptions } from './transactor';
export { databaseErrorToAppError, fieldOfUniqueIndex } from './database-errors';
export { ADVISORY_LOCKS } from './advisory-locks';
export type { AdvisoryLock } from './advisory-locks';
export { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from './migrations/migrator';
export type { MigrateResult, MigrationFile } from './migrations/migrator';
export { connectPostgres, pgliteExecutor } from './sql-executor';
export type { SqlExecutor } from './sql-executor';
export { Prisma } from './generated/prisma/client';
export type {
  ApiKey,
  AuditLog,
  Membership,
  OutboxEvent,
  ProcessedEvent,
  Project,
  Role,
  Session,
  User,
} from './generated/prisma/client';
