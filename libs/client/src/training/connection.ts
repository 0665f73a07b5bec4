import type { ClientOptions } from '../create-client';

/**
 * Where a training script sends its run: the API's base URL and an API key (`sx_…`, editor of
 * the project), as `createClient` takes them. The key is needed twice over — for the tRPC calls
 * and for the plain-HTTP artifact uploads — which is why the run helpers take this rather than
 * a ready-made client. `fetch` replaces the global fetch for both (tests, proxies).
 */
export type TrackingConnection = ClientOptions;

/** The tracking service's base URL: its own in distributed mode, else the API's. */
export function trackingBaseUrl(connection: TrackingConnection): string {
  return (connection.serviceUrls?.tracking ?? connection.url).replace(/\/+$/, '');
}

/** The headers that sign a plain HTTP request in with the connection's key. */
export function authHeaders(connection: TrackingConnection): Record<string, string> {
  return connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {};
}
