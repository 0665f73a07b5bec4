import { proxyRoutes } from '../../../lib/proxy';

// The API's plain HTTP routes (artifact upload and download) under /api/*, every method, bodies streamed both ways.
export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = proxyRoutes('/api');
