import type { NextRequest } from 'next/server';
import { apiUrl } from '../../../lib/env';

// The console proxies /trpc/* to the API, so a browser and a script use one base URL. The API's
// address is read at run time (SEXTANT_API_URL, set by `sextant up`), not baked in at build.
export const dynamic = 'force-dynamic';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
]);

async function proxy(request: NextRequest, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const api = apiUrl();
  const target = `${api}/trpc/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key)) headers.set(key, value);
  });
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body:
        request.method === 'GET' || request.method === 'HEAD'
          ? undefined
          : await request.arrayBuffer(),
      cache: 'no-store',
      redirect: 'manual',
    });
    const out = new Headers();
    upstream.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key) && key !== 'content-encoding') out.set(key, value);
    });
    return new Response(await upstream.arrayBuffer(), { status: upstream.status, headers: out });
  } catch {
    return Response.json(
      { error: { message: `The Sextant API at ${api} is unreachable`, data: { httpStatus: 502 } } },
      { status: 502 },
    );
  }
}

export const GET = proxy;
export const POST = proxy;
