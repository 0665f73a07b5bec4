import { type SextantClient, TRPCClientError, createClient } from '@sextant/client';
import type { ClientEnv } from './env';
import { CliError, networkReason } from './output';
import type { StoredCredentials } from './credentials';

export const DEFAULT_URL = 'http://127.0.0.1:4000';

export type Source = 'flag' | 'env' | 'credentials' | 'default';

/** Where a command sends its requests, and with which key. */
export interface Connection {
  readonly url: string;
  readonly apiKey: string | undefined;
  readonly urlFrom: Source;
  readonly apiKeyFrom: Source | undefined;
}

export interface ConnectionFlags {
  readonly url?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** `http://Host:4000/` and `http://host:4000` are one API: compare and store this form. */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`not a URL: ${url}`, 'BAD_URL', 2);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`not an http(s) URL: ${url}`, 'BAD_URL', 2);
  }
  return parsed.href.replace(/\/+$/, '');
}

/**
 * Flags, else SEXTANT_URL / SEXTANT_API_KEY, else the stored credentials, else the local default
 * and no key. The stored key is sent only to the URL it was stored for: `--url` pointing
 * elsewhere must not hand that server the key.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: Pick<ClientEnv, 'SEXTANT_URL' | 'SEXTANT_API_KEY'>,
  stored: StoredCredentials | null,
): Connection {
  const [url, urlFrom]: [string, Source] = flags.url
    ? [normalizeUrl(flags.url), 'flag']
    : env.SEXTANT_URL
      ? [normalizeUrl(env.SEXTANT_URL), 'env']
      : stored
        ? [normalizeUrl(stored.url), 'credentials']
        : [DEFAULT_URL, 'default'];
  const [apiKey, apiKeyFrom]: [string | undefined, Source | undefined] = flags.apiKey
    ? [flags.apiKey, 'flag']
    : env.SEXTANT_API_KEY
      ? [env.SEXTANT_API_KEY, 'env']
      : stored && normalizeUrl(stored.url) === url
        ? [stored.apiKey, 'credentials']
        : [undefined, undefined];
  return { url, apiKey, urlFrom, apiKeyFrom };
}

/**
 * Calls the API, naming the URL when the server cannot be reached at all; API errors (401, 403,
 * 400 …) pass through with the server's message and code.
 */
export async function callApi<T>(
  connection: Pick<Connection, 'url' | 'apiKey'>,
  call: (client: SextantClient) => Promise<T>,
): Promise<T> {
  const client = createClient({ url: connection.url, apiKey: connection.apiKey });
  try {
    return await call(client);
  } catch (error) {
    if (error instanceof TRPCClientError && !error.data) {
      throw new CliError(
        `cannot reach the API at ${connection.url} (${networkReason(error)})`,
        'UNREACHABLE',
      );
    }
    throw error;
  }
}
