import { proxyRoutes } from '../../../lib/proxy';

// Inference through the console (/v1/*: :predict and labels), so that one URL serves a browser, a script and a client.
export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = proxyRoutes('/v1');
