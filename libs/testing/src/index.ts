export {
  adminDatabaseUrl,
  createEmptyDatabase,
  createTestDatabase,
  databaseUrlFor,
  dropDatabase,
} from '@sextant/db/testing';
export type { TestDatabase } from '@sextant/db/testing';
export { eventually, kafkaBrokers, uniqueName } from './kafka';
export { launchChromium } from './chromium';
export { freePort, startNode } from './processes';
export type { RunningProcess } from './processes';
