import type { NextRequest } from 'next/server';
import { joinedPath, proxyToApi } from '../../../lib/proxy';

// The API's plain HTTP routes (artifact upload and download, inference) under /api/*, every
// method, bodies streamed both ways.
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  return proxyToApi(request, `/api/${await joinedPath(context)}`);
}

export const GET = handler;
export const HEAD = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
export const OPTIONS = handler;
