export { ROLES, describeRule, lowerRole, roleAllows } from './roles';
export type { AuthRule, Role } from './roles';
export { PLATFORM } from './context';
export type {
  ApiContext,
  ApiMeta,
  Caller,
  Credential,
  HttpExchange,
  PlatformDeps,
  ProjectScope,
  Resolve,
} from './context';
export { ARTIFACT_STORE, CLOCK, DATABASE, EVENT_BUS, METRICS } from './tokens';
export type { NowClock } from './tokens';
export {
  CROSS_SITE,
  adminProcedure,
  authenticatedCaller,
  editorProcedure,
  isCrossSiteWrite,
  logError,
  platformAdminProcedure,
  procedure,
  projectInput,
  publicProcedure,
  requireCaller,
  router,
  setErrorLogger,
  userProcedure,
  viewerProcedure,
} from './trpc';
export type { ApiErrorData, ErrorLogger } from './error-formatter';
export { errorBody } from './error-formatter';
export { Authenticator } from './auth/authenticator';
export { KeyCache, KEY_CACHE_TTL_MS } from './auth/key-cache';
export type { AuthResult } from './auth/authenticator';
export { generateApiKey, hashApiKey, sha256Hex } from './auth/secrets';
export { SESSION_COOKIE } from './auth/session-cookie';
export { originAllowed } from './auth/origin';
export { contextFactory, requestOrigin } from './create-context';
export type { IncomingRequestInfo } from './create-context';
export { DOMAINS, defineConsumer } from './service-definition';
export type {
  ConsumerContext,
  ConsumerDefinition,
  DomainName,
  EnvelopeOf,
  RouteContext,
  RouteDefinition,
  RouteReply,
  RouteRequest,
  RunningWorker,
  ServiceDefinition,
  WorkerContext,
  WorkerDefinition,
} from './service-definition';
export { checkHealth, healthProcedure, serviceHealthSchema } from './health';
export type { ServiceHealth } from './health';
export { listProcedures, listRoutes } from './procedures';
export type { ProcedureInfo, RouteInfo } from './procedures';
export { IdentityModule } from './identity/identity.module';
export { ProjectAccess, isPlatformAdmin } from './identity/projects/project-access';
export { projectSlug } from './identity/projects/project-slug';
export { recordAudit } from './identity/audit/audit.repository';
export type { AuditEntry } from './identity/audit/audit.repository';
export { DEFAULT_PROJECT, bootstrapAdmin } from './identity/bootstrap.repository';
export type { BootstrappedAdmin } from './identity/bootstrap.repository';
export { platformRouter } from './router';
export type { PlatformRouter } from './router';
