// `@sextant/db/testing`: helpers for tests and benchmarks, kept out of the production entry point.
export {
  adminDatabaseUrl,
  createEmptyDatabase,
  createTestDatabase,
  databaseUrlFor,
  dropDatabase,
} from './test-database';
export type { TestDatabase } from './test-database';
