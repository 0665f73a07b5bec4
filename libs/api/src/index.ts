export { ROLES, roleAllows } from './roles';
export type { AuthRule, Role } from './roles';
export { PLATFORM } from './context';
export type { ApiContext, ApiMeta, Identity, PlatformDeps, Resolve } from './context';
export {
  adminProcedure,
  editorProcedure,
  procedure,
  publicProcedure,
  router,
  setErrorLogger,
  viewerProcedure,
} from './trpc';
export type { ApiErrorData, ErrorLogger } from './error-formatter';
export { ApiKeyService, bootstrapAdmin, generateApiKey, hashApiKey } from './auth/api-keys';
export type { KeyCheck } from './auth/api-keys';
export { contextFactory } from './create-context';
export type { ServiceDefinition } from './service-definition';
export { checkHealth, healthProcedure, serviceHealthSchema } from './health';
export type { ServiceHealth } from './health';
export { listProcedures } from './procedures';
export type { ProcedureInfo } from './procedures';
export { platformRouter } from './platform';
export type { PlatformRouter } from './platform';
