import { proxyRoutes } from '../../../lib/proxy';

// Inference through the console (/v2/*: the Open Inference Protocol v2).
export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = proxyRoutes('/v2');
