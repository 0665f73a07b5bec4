export {
  adminDatabaseUrl,
  createEmptyDatabase,
  createTestDatabase,
  databaseUrlFor,
  dropDatabase,
} from './test-database';
export type { TestDatabase } from './test-database';
export { eventually, kafkaBrokers, uniqueName } from './kafka';
export { launchChromium } from './chromium';
export { freePort, startNode } from './processes';
export type { RunningProcess } from './processes';
