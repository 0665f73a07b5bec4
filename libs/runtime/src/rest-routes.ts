import { PassThrough, Transform, type TransformCallback, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiContext,
  CROSS_SITE,
  ProjectAccess,
  type RouteDefinition,
  type RouteReply,
  type RouteRequest,
  errorBody,
  isCrossSiteWrite,
  isPlatformAdmin,
  logError,
  authenticatedCaller,
} from '@sextant/api';
import { AppError } from '@sextant/errors';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Passes at most `limit` bytes; one more fails the stream with a 413 AppError. */
function limitStream(source: Readable, limit: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) {
        done(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`));
        return;
      }
      done(null, chunk);
    },
  });
  source.on('error', (e) => limiter.destroy(e));
  return source.pipe(limiter);
}

/**
 * Mounts a service's REST routes on fastify with the same credentials and rules as its
 * procedures: deny by default (a route without `auth` is refused at start-up; a key scoped to
 * predicting on one deployment is refused unless the route opts in), the project
 * resolved from the request, same-site Origin for cookie-authenticated writes, per-route body
 * limits and streamed bodies, and the one error shape.
 */
export async function mountRoutes(
  fastify: FastifyInstance,
  routes: readonly RouteDefinition[],
  makeContext: (req: FastifyRequest, reply: FastifyReply) => Promise<ApiContext>,
): Promise<void> {
  for (const route of routes) {
    if (!route.auth) throw new Error(`route ${route.method} ${route.url} declares no auth rule`);
  }
  await fastify.register(async (scope) => {
    // The handler reads the body itself (below), once the caller may send one: fastify leaves
    // it unread. JSON by an entry of its own: fastify caches the parser of a registered type,
    // while it finds the catch-all by parsing every request's content type (~3 µs).
    scope.removeAllContentTypeParsers();
    const unread = (_req: unknown, _payload: unknown, done: (e: null, body: undefined) => void) =>
      done(null, undefined);
    scope.addContentTypeParser('application/json', unread);
    scope.addContentTypeParser('*', unread);
    // Any other /api path: our error shape, not the framework's.
    scope.all('/api/*', async (_request, reply) => {
      const { status, body } = errorBody(new AppError('NOT_FOUND', 'No such route'), logError);
      return reply.status(status).send(body);
    });
    mountMethodNotAllowed(scope, routes);
    for (const route of routes) {
      const limit = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
      const bodyKind =
        route.body ?? (['PUT', 'POST', 'PATCH'].includes(route.method) ? 'json' : 'none');
      const isWrite = route.method !== 'GET' && route.method !== 'HEAD';
      const rule = route.auth;
      scope.route({
        method: route.method,
        url: route.url,
        handler: async (request, reply) => {
          try {
            const declared = Number(request.headers['content-length'] ?? 0);
            if (declared > limit) {
              throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`);
            }
            const ctx = await makeContext(request, reply);
            if (isWrite && isCrossSiteWrite(ctx)) {
              throw new AppError('FORBIDDEN', CROSS_SITE);
            }
            // The body is read only once the caller is known to be allowed (below); the stream is
            // made only for the routes that read one (most do not: inference is the hot path).
            const req = new KitRequest(request);
            let project = null;
            const caller = rule === 'public' ? ctx.caller : authenticatedCaller(ctx);
            const predictOnly =
              caller?.credential.kind === 'key' && caller.credential.predictDeployment;
            if (predictOnly && !route.allowPredictKeys) {
              // As @sextant/api's procedures answer such a key.
              throw new AppError(
                'FORBIDDEN',
                `This API key may only predict on deployment "${predictOnly}"`,
              );
            }
            if (rule === 'platform-admin' && !isPlatformAdmin(caller!)) {
              throw new AppError('FORBIDDEN', 'This needs a platform admin');
            }
            if (typeof rule === 'object') {
              const slug = route.project
                ? await route.project(req, ctx.resolve)
                : (req.params['project'] ?? req.query['project']);
              if (!slug) {
                throw new AppError('BAD_REQUEST', 'The request names no project', {
                  fields: [{ path: 'project', message: 'Required' }],
                });
              }
              project = await ctx.resolve(ProjectAccess).require(caller!, slug, rule.project);
            }
            if (bodyKind === 'json') req.body = await readJson(request.raw, limit);
            else if (bodyKind === 'stream') req.readable = limitStream(request.raw, limit);
            const routeReply = new KitReply(reply);
            const result = await route.handler(req, routeReply, {
              caller,
              project,
              platform: ctx.platform,
              resolve: ctx.resolve,
              requestId: ctx.requestId,
            });
            // Returning the reply makes fastify wait until the response has ended.
            if (routeReply.answered || reply.sent) return reply;
            reply.send(result);
            // A body written at once (JSON, a buffer) leaves nothing to wait for: returning the
            // reply would cost a promise and a 'finish' listener per request (the inference path).
            return reply.sent ? undefined : reply;
          } catch (error) {
            const { status, body: platformBody } = errorBody(error, logError);
            const body =
              route.errorFormat === 'oip' ? { error: platformBody.error.message } : platformBody;
            if (reply.sent || reply.raw.headersSent) return reply;
            // A body left unread (refused, or past its limit) would stall a keep-alive connection.
            if (!request.raw.complete) reply.header('connection', 'close');
            return reply.status(status).header('content-type', 'application/json').send(body);
          }
        },
      });
    }
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A path that routes take, called with a method none of them takes: 405 with `Allow` (as HTTP
 * and the KServe protocol expect), in the error shape of the path's first route, its body unread.
 */
function mountMethodNotAllowed(scope: FastifyInstance, routes: readonly RouteDefinition[]): void {
  // By path shape: fastify's router takes `/x/:a` and `/x/:b` for one path.
  const byShape = new Map<string, RouteDefinition[]>();
  for (const route of routes) {
    const shape = route.url.replace(/:\w+/g, ':');
    byShape.set(shape, [...(byShape.get(shape) ?? []), route]);
  }
  for (const taken of byShape.values()) {
    const url = taken[0]!.url;
    const allowed = new Set<string>(taken.map((r) => r.method));
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']
      .filter((m) => allowed.has(m))
      .join(', ');
    const others = METHODS.filter((m) => !allowed.has(m));
    if (!others.length) continue;
    scope.route({
      method: others,
      url,
      handler: async (request, reply) => {
        const error = new AppError(
          'METHOD_NOT_ALLOWED',
          `Method ${request.method} is not allowed here: use ${allow}`,
        );
        const { status, body } = errorBody(error, logError);
        if (!request.raw.complete) reply.header('connection', 'close');
        return reply
          .status(status)
          .header('allow', allow)
          .header('content-type', 'application/json')
          .send(taken[0]!.errorFormat === 'oip' ? { error: body.error.message } : body);
      },
    });
  }
}

/** A route's view of the reply. */
class KitReply implements RouteReply {
  /**
   * Whether the handler answered itself (a streamed body is not `sent` until it ends, so
   * fastify's own flag cannot tell, and a second send would write the headers twice).
   */
  answered = false;

  constructor(private readonly reply: FastifyReply) {}

  status(code: number): this {
    this.reply.status(code);
    return this;
  }

  header(name: string, value: string | number): this {
    this.reply.header(name, value);
    return this;
  }

  send(payload?: unknown): FastifyReply {
    this.answered = true;
    return this.reply.send(payload);
  }
}

/** A route's view of the request; its `stream` is made on first use (an empty one unless streamed). */
class KitRequest implements RouteRequest {
  readonly method: string;
  readonly url: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, string | undefined>;
  readonly headers: FastifyRequest['headers'];
  body: unknown = undefined;
  readable: Readable | undefined = undefined;

  constructor(request: FastifyRequest) {
    this.method = request.method;
    this.url = request.url;
    this.params = (request.params ?? {}) as Record<string, string>;
    this.query = (request.query ?? {}) as Record<string, string | undefined>;
    this.headers = request.headers;
  }

  get stream(): Readable {
    return (this.readable ??= emptyStream());
  }
}

function emptyStream(): Readable {
  const s = new PassThrough();
  s.end();
  return s;
}

/** The raw body, at most `limit` bytes (plain listeners: the hot path of inference requests). */
function readBody(raw: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onError);
      raw.pause();
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onError);
  });
}

async function readJson(raw: Readable, limit: number): Promise<unknown> {
  const body = await readBody(raw, limit);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON', {
      fields: [{ path: '(body)', message: 'not JSON' }],
    });
  }
}
