import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type TrackingConnection, authHeaders, trackingBaseUrl } from './connection';
import { type RetryPolicy, TrackingHttpError, withRetry } from './retry';

/** An artifact as the server stored it. */
export interface StoredArtifact {
  path: string;
  size: number;
  sha256: string;
}

/**
 * An artifact's bytes: in memory, or a function opening a fresh stream for each try (a retried
 * upload cannot reuse a consumed stream).
 */
export type ArtifactBody = Uint8Array | string | (() => Readable | Promise<Readable>);

/**
 * A URL path segment, percent-encoded. Empty, `.` and `..` segments are refused: URL
 * parsing would resolve them and send the request to another path than the one named.
 */
function segment(text: string, what: string): string {
  const encoded = encodeURIComponent(text);
  if (encoded === '' || encoded === '.' || encoded === '..') {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(text)}: empty, "." and ".." segments are not allowed`,
    );
  }
  return encoded;
}

/** `…/api/v1/runs/{runId}/artifacts/{path}`, each path segment percent-encoded. */
export function artifactUrl(connection: TrackingConnection, runId: string, path: string): string {
  const encoded = path
    .split('/')
    .map((s) => segment(s, `artifact path ${JSON.stringify(path)}: segment`))
    .join('/');
  return `${trackingBaseUrl(connection)}/api/v1/runs/${segment(runId, 'run id')}/artifacts/${encoded}`;
}

/** A body streamed from a local file; the file is opened before each try, so a missing file fails at once. */
export function fileBody(file: string): () => Promise<Readable> {
  return async () => (await open(file, 'r')).createReadStream();
}

/** The API's error (`{ error: { message, data } }`) of a failed plain HTTP call, as an Error. */
async function httpError(response: Response, what: string): Promise<TrackingHttpError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: { message?: unknown; data?: TrackingHttpError['data'] };
    };
    if (body.error && typeof body.error.message === 'string') {
      return new TrackingHttpError(body.error.message, response.status, body.error.data);
    }
  } catch {
    // not the API's JSON: a proxy's page, say
  }
  return new TrackingHttpError(
    `${what}: HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`,
    response.status,
  );
}

/**
 * `PUT /api/v1/runs/{runId}/artifacts/{path}`: stores `body` as the run's artifact `path`
 * (replacing an earlier one), streamed rather than buffered when it is a stream. Retried on
 * network errors and 5xx (a PUT of the same bytes is idempotent); 4xx errors are thrown as
 * TrackingHttpError with the server's message.
 */
export async function putArtifact(
  connection: TrackingConnection,
  runId: string,
  path: string,
  body: ArtifactBody,
  retry: RetryPolicy = {},
): Promise<StoredArtifact> {
  const fetchFn = connection.fetch ?? fetch;
  const url = artifactUrl(connection, runId, path);
  return withRetry(async () => {
    let stream: Readable | undefined;
    try {
      let payload: NonNullable<RequestInit['body']>;
      if (typeof body === 'function') {
        stream = await body();
        payload = Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
      } else {
        payload = typeof body === 'string' ? body : new Blob([body]);
      }
      const init: RequestInit & { duplex: 'half' } = {
        method: 'PUT',
        headers: { ...authHeaders(connection), 'content-type': 'application/octet-stream' },
        body: payload,
        // Required by fetch for a streamed request body.
        duplex: 'half',
      };
      const response = await fetchFn(url, init);
      if (response.status !== 201 && response.status !== 200) {
        throw await httpError(response, `upload of ${path} failed`);
      }
      return (await response.json()) as StoredArtifact;
    } finally {
      // A try that failed half-way leaves its file open otherwise.
      stream?.destroy();
    }
  }, retry);
}

/**
 * `GET /api/v1/runs/{runId}/artifacts/{path}`: the response, whose body streams the artifact.
 * Retried on network errors and 5xx until a response arrives; other failures are thrown as
 * TrackingHttpError.
 */
export async function getArtifact(
  connection: TrackingConnection,
  runId: string,
  path: string,
  retry: RetryPolicy = {},
): Promise<Response> {
  const fetchFn = connection.fetch ?? fetch;
  const url = artifactUrl(connection, runId, path);
  return withRetry(async () => {
    const response = await fetchFn(url, { headers: authHeaders(connection) });
    if (!response.ok) throw await httpError(response, `download of ${path} failed`);
    return response;
  }, retry);
}
