import type { NextRequest } from 'next/server';
import { joinedPath, proxyToApi } from '../../../lib/proxy';

// /trpc/* goes to the API (SEXTANT_API_URL, read at run time, not baked in at build).
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  return proxyToApi(request, `/trpc/${await joinedPath(context)}`);
}

export const GET = handler;
export const POST = handler;
