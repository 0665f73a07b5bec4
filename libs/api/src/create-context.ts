import { randomUUID } from 'node:crypto';
import { Authenticator } from './auth/authenticator';
import type { ApiContext, PlatformDeps, Resolve } from './context';

export interface IncomingRequestInfo {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The connection itself was TLS. */
  readonly encrypted: boolean;
  readonly requestId?: string | undefined;
  setCookie(serialized: string): void;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The origin the client addressed. Behind the console's proxy (or any proxy) the
 * X-Forwarded-Host/Proto headers say what the browser saw; a cross-site page cannot set them
 * without a CORS preflight, which this API never grants.
 */
export function requestOrigin(req: IncomingRequestInfo): { origin: string; secure: boolean } {
  const proto = first(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim();
  const secure = proto ? proto === 'https' : req.encrypted;
  const host =
    first(req.headers['x-forwarded-host'])?.split(',')[0]?.trim() ?? first(req.headers['host']);
  return { origin: `${secure ? 'https' : 'http'}://${host ?? 'unknown'}`, secure };
}

/** Builds the per-request context: who is calling (key or session cookie) and the HTTP exchange. */
export function contextFactory(deps: {
  platform: PlatformDeps;
  resolve: Resolve;
}): (req: IncomingRequestInfo) => Promise<ApiContext> {
  return async (req) => {
    const auth = await deps.resolve(Authenticator).authenticate({
      authorization: first(req.headers['authorization']),
      cookie: first(req.headers['cookie']),
    });
    const { origin, secure } = requestOrigin(req);
    return {
      caller: auth.caller,
      authError: auth.error,
      viaCookie: auth.viaCookie,
      requestId: req.requestId ?? randomUUID(),
      platform: deps.platform,
      resolve: deps.resolve,
      http: {
        origin,
        originHeader: first(req.headers['origin']),
        secure,
        userAgent: first(req.headers['user-agent']),
        setCookie: req.setCookie,
      },
    };
  };
}
