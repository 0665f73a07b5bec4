import type { NextRequest } from 'next/server';
import { apiUrl } from './env';

/**
 * The console server forwards /trpc/* and /api/* to the Sextant API, so a browser and a script use
 * one base URL. Bodies stream both ways (an artifact upload is never buffered here); the session
 * cookie travels in both directions; the API learns which origin the browser used, so that its
 * Origin check on cookie-authenticated mutations compares against the console, not itself.
 */

// Per-connection headers (RFC 9110 §7.6.1) and ones fetch computes itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/** What the browser addressed: a proxy in front of the console (TLS) may already have said so. */
function forwardedOrigin(request: NextRequest): { host: string; proto: string } {
  const firstOf = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() || undefined;
  return {
    host: firstOf('x-forwarded-host') ?? request.headers.get('host') ?? request.nextUrl.host,
    proto: firstOf('x-forwarded-proto') ?? request.nextUrl.protocol.replace(/:$/, ''),
  };
}

function requestHeaders(request: NextRequest): Headers {
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    // fetch decompresses whatever the API sends; asking for plain bodies saves the round trip.
    if (!HOP_BY_HOP.has(key) && key !== 'accept-encoding') headers.set(key, value);
  });
  const { host, proto } = forwardedOrigin(request);
  headers.set('x-forwarded-host', host);
  headers.set('x-forwarded-proto', proto);
  return headers;
}

function responseHeaders(upstream: Response): Headers {
  const out = new Headers();
  upstream.headers.forEach((value, key) => {
    // fetch already decoded the body, so its encoding and length no longer describe it.
    if (HOP_BY_HOP.has(key) || key === 'content-encoding' || key === 'set-cookie') return;
    out.set(key, value);
  });
  // One header per cookie: joined with commas, a cookie's `Expires=Tue, 01 Dec …` would split it.
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return out;
}

/** The answer when the API does not answer, in the shape each caller parses. */
function unreachable(api: string, upstreamPath: string, batch: boolean): Response {
  const error = {
    message: `The Sextant API at ${api} is unreachable`,
    code: -32603,
    data: { code: 'BAD_GATEWAY', httpStatus: 502, fields: [], retryable: true },
  };
  // A tRPC batch (`?batch=1`) expects one answer per procedure in the path (`/trpc/svc/a,b,c`).
  const procedures = /^\/trpc\/[^/]+\/(.+)$/.exec(upstreamPath)?.[1];
  const body =
    batch && procedures !== undefined ? procedures.split(',').map(() => ({ error })) : { error };
  return Response.json(body, { status: 502 });
}

/**
 * Forwards the request to `${SEXTANT_API_URL}${upstreamPath}` with its query, method, headers and
 * streamed body, and streams the answer back.
 */
export async function proxyToApi(request: NextRequest, upstreamPath: string): Promise<Response> {
  const api = apiUrl();
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  let upstream: Response;
  try {
    upstream = await fetch(`${api}${upstreamPath}${request.nextUrl.search}`, {
      method: request.method,
      headers: requestHeaders(request),
      body: hasBody ? request.body : undefined,
      // Node's fetch needs this to send a streamed body (it is the only mode it supports).
      ...(hasBody ? { duplex: 'half' as const } : {}),
      cache: 'no-store',
      redirect: 'manual',
      signal: request.signal,
    });
  } catch {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return unreachable(api, upstreamPath, request.nextUrl.searchParams.get('batch') === '1');
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders(upstream),
  });
}

/**
 * The `[...path]` segments of a catch-all route, re-encoded for the upstream URL. Commas stay as
 * they are: tRPC separates the procedures of a batch with them.
 */
export async function joinedPath(context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  return path.map((s) => encodeURIComponent(s).replaceAll('%2C', ',')).join('/');
}

/** The handlers of a catch-all route forwarding `<prefix>/*` to the API, every method. */
export function proxyRoutes(prefix: string) {
  const handler = async (
    request: NextRequest,
    context: { params: Promise<{ path: string[] }> },
  ): Promise<Response> => proxyToApi(request, `${prefix}/${await joinedPath(context)}`);
  return {
    GET: handler,
    HEAD: handler,
    POST: handler,
    PUT: handler,
    PATCH: handler,
    DELETE: handler,
    OPTIONS: handler,
  };
}
