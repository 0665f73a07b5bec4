import { healthProcedure } from '../health';
import { router } from '../trpc';
import { apiKeysRouter } from './api-keys';
import { auditRouter } from './audit/list-audit';
import { deadLettersRouter } from './dead-letters';
import { projectsRouter } from './projects';
import { sessionsRouter } from './sessions';
import { usersRouter } from './users';
import { whoami } from './whoami';

/**
 * Served by every process at /trpc/platform: identity (users, sessions, API keys), projects and
 * their members, the audit log, the bus's dead letters. The template every domain router copies: one procedure per file,
 * `.input()`/`.output()` from the `.types.ts` beside it, each calling one service.
 */
export const platformRouter = router({
  health: healthProcedure('platform'),
  whoami,
  sessions: sessionsRouter,
  users: usersRouter,
  projects: projectsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  deadLetters: deadLettersRouter,
});
export type PlatformRouter = typeof platformRouter;
