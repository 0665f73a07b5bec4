import type { AnyRouter } from '@trpc/server';
import type { AuthRule } from './roles';

export interface ProcedureInfo {
  readonly path: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly auth: AuthRule | undefined;
}

/** Lists every procedure of a router with its auth rule (undefined = none declared). */
export function listProcedures(router: AnyRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<
    string,
    { _def: { type: ProcedureInfo['type']; meta?: { auth?: AuthRule } } }
  >;
  return Object.entries(procedures).map(([path, p]) => ({
    path,
    type: p._def.type,
    auth: p._def.meta?.auth,
  }));
}

export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly auth: AuthRule | undefined;
}

/** Lists a service's REST routes with their auth rule, as the enumeration test needs. */
export function listRoutes(
  routes: readonly { method: string; url: string; auth?: AuthRule }[] | undefined,
): RouteInfo[] {
  return (routes ?? []).map((r) => ({ method: r.method, url: r.url, auth: r.auth }));
}
