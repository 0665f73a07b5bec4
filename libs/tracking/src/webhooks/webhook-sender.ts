import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from './url-guard';

export interface SendResult {
  /** The receiver's status, or null when it did not answer (see `error`). */
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** How much of a response body is read before the connection is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one request to a target the URL guard checked, connecting to the checked address: the
 * request's `lookup` answers with it, so a resolver that changes its answer between the check
 * and the connection (DNS rebinding) is never asked. The Host header and the TLS server name stay
 * the URL's host. Redirects are not followed (a 3xx is a failed attempt). Never throws.
 */
export function sendWebhookRequest(
  target: CheckedTarget,
  request: { readonly headers: Record<string, string>; readonly body: string },
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) {
      callback(null, [{ address: target.address, family: target.family }]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const secure = target.url.protocol === 'https:';
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ statusCode, error, durationMs: elapsed() });
    };
    const req = (secure ? https : http).request({
      method: 'POST',
      protocol: target.url.protocol,
      hostname: target.host,
      port: target.url.port || (secure ? 443 : 80),
      path: `${target.url.pathname}${target.url.search}`,
      headers: {
        ...request.headers,
        'Content-Length': String(Buffer.byteLength(request.body)),
        'User-Agent': 'Sextant-Webhooks/1',
      },
      lookup: pinned,
      agent: false,
      ...(secure && !target.host.includes(':') ? { servername: target.host } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(null, `no answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(null, 'aborted: the service is stopping');
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      const status = res.statusCode ?? null;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) {
          res.destroy();
          finish(status, null);
        }
      });
      res.on('end', () => finish(status, null));
      res.on('error', () => finish(status, null));
      res.on('close', () => finish(status, null));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish(null, error.code ? `${error.code}: ${error.message}` : error.message);
    });
    req.end(request.body);
  });
}
