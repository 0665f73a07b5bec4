import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { Module } from '@nestjs/common';
import Fastify from 'fastify';
import {
  type ApiContext,
  type RouteDefinition,
  type ServiceDefinition,
  bootstrapAdmin,
  healthProcedure,
  router,
} from '@sextant/api';
import { AppError } from '@sextant/errors';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { type RunningPlatform, startPlatform } from '../src';
import { mountRoutes } from '../src/rest-routes';

const BODY_LIMIT = 64 * 1024;
const DOWNLOAD_SIZE = 5 * 1024 * 1024;

/** Deterministic pseudo-random bytes (xorshift32), produced in chunks so nothing is buffered whole. */
function* generatedBody(size: number, chunk = 64 * 1024): Generator<Buffer> {
  let x = 2463534242;
  for (let offset = 0; offset < size; offset += chunk) {
    const buf = Buffer.allocUnsafe(Math.min(chunk, size - offset));
    for (let i = 0; i < buf.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
    yield buf;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** What the upload handler read, per request: the stream it was given must stop at the limit. */
const uploads: { bytesSeen: number }[] = [];

const routes: RouteDefinition[] = [
  {
    method: 'PUT',
    url: '/api/v1/projects/:project/blobs/:name',
    auth: { project: 'editor' },
    body: 'stream',
    bodyLimit: BODY_LIMIT,
    async handler(req, reply, ctx) {
      const seen = { bytesSeen: 0 };
      uploads.push(seen);
      if (!/^[a-z0-9-]+$/.test(req.params['name']!)) {
        throw new AppError('BAD_REQUEST', 'Bad blob name', {
          fields: [{ path: 'name', message: 'lowercase letters, digits and dashes' }],
        });
      }
      const hash = createHash('sha256');
      for await (const chunk of req.stream) {
        seen.bytesSeen += (chunk as Buffer).length;
        hash.update(chunk as Buffer);
      }
      reply.status(201);
      return {
        project: ctx.project!.slug,
        role: ctx.project!.role,
        by: ctx.caller!.email,
        size: seen.bytesSeen,
        sha256: hash.digest('hex'),
      };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/projects/:project/generated',
    auth: { project: 'viewer' },
    async handler(req, reply) {
      const size = Number(req.query['size'] ?? DOWNLOAD_SIZE);
      reply.header('content-type', 'application/octet-stream');
      return reply.send(Readable.from(generatedBody(size)));
    },
  },
  {
    // The project from `?project=`, since the path has no :project.
    method: 'GET',
    url: '/api/v1/search',
    auth: { project: 'viewer' },
    async handler(_req, _reply, ctx) {
      return { project: ctx.project!.slug };
    },
  },
  {
    // The project from the route's own resolver.
    method: 'GET',
    url: '/api/v1/current',
    auth: { project: 'viewer' },
    project: (req) => String(req.headers['x-sextant-project'] ?? ''),
    async handler(_req, _reply, ctx) {
      return { project: ctx.project!.slug };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/projects/:project/boom',
    auth: { project: 'viewer' },
    async handler() {
      throw new Error('connect ECONNREFUSED 10.1.2.3:5432 while running SELECT secret FROM vault');
    },
  },
  {
    method: 'GET',
    url: '/api/v1/status',
    auth: 'public',
    async handler(_req, _reply, ctx) {
      return { ok: true, caller: ctx.caller?.email ?? null };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/slow',
    auth: 'public',
    async handler(req, reply) {
      await sleep(Number(req.query['ms'] ?? 0));
      const bytes = Number(req.query['bytes'] ?? 0);
      // One large write, as a big JSON answer is.
      if (bytes)
        return reply
          .header('content-type', 'application/octet-stream')
          .send(Buffer.alloc(bytes, 7));
      return { slept: true };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/admin/overview',
    auth: 'platform-admin',
    async handler(_req, _reply, ctx) {
      return { admin: ctx.caller!.email };
    },
  },
];

@Module({})
class BlobsTestModule {}

const testService: ServiceDefinition = {
  name: 'tracking',
  module: BlobsTestModule,
  router: router({ health: healthProcedure('tracking') }),
  routes,
};

/** A platform with the test routes, on its own port. */
const startTestPlatform = (databaseUrl: string) =>
  startPlatform({
    services: [testService],
    databaseUrl,
    home: '/nonexistent',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
  });

interface ErrorShape {
  error: {
    message: string;
    data: {
      httpStatus: number;
      fields: { path: string; message: string }[];
      errorId: string | null;
    };
  };
}

/**
 * REST routes beside tRPC, over real HTTP on real PostgreSQL: the same credentials and project
 * roles as procedures, the Origin check for cookie writes, body limits on streamed uploads (with
 * and without a Content-Length), streamed downloads, and the one error shape.
 */
describe('REST routes', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let adminKey: string;
  let adminCookie: string;
  const keys: Record<'editor' | 'viewer' | 'outsider', string> = {
    editor: '',
    viewer: '',
    outsider: '',
  };

  const trpc = async (path: string, input: unknown, key: string) => {
    const res = await fetch(`${running.url}/trpc/platform/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as any;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body.result.data;
  };

  const call = async (
    method: string,
    path: string,
    init: {
      key?: string;
      cookie?: string;
      origin?: string;
      body?: NonNullable<RequestInit['body']>;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers['authorization'] = `Bearer ${init.key}`;
    if (init.cookie) headers['cookie'] = init.cookie;
    if (init.origin) headers['origin'] = init.origin;
    const streamed = init.body instanceof ReadableStream;
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(streamed ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the caller looks at the status only
    }
    return { status: res.status, json, text };
  };

  const expectErrorShape = (json: unknown, status: number) => {
    expect(json).toEqual({
      error: expect.objectContaining({
        message: expect.any(String),
        data: expect.objectContaining({ httpStatus: status, fields: expect.any(Array) }),
      }),
    });
    return json as ErrorShape;
  };

  const blobUrl = (project: string, name = 'weights') =>
    `/api/v1/projects/${project}/blobs/${name}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startTestPlatform(db.url);
    const first = (await bootstrapAdmin(running.platform.db.prisma))!;
    adminKey = first.key;
    await trpc('projects.create', { slug: 'blobs', name: 'Blobs' }, adminKey);
    await trpc('projects.create', { slug: 'elsewhere', name: 'Elsewhere' }, adminKey);
    const members = [
      ['editor', 'ed@example.com', 'blobs'],
      ['viewer', 'vic@example.com', 'blobs'],
      ['outsider', 'out@example.com', 'elsewhere'],
    ] as const;
    for (const [who, email, project] of members) {
      await trpc('users.create', { email }, adminKey);
      const role = who === 'viewer' ? 'viewer' : 'editor';
      await trpc('projects.members.set', { project, email, role }, adminKey);
      // Every key is capped at editor: the viewer's refusal comes from the membership's role.
      const created = await trpc('apiKeys.create', { name: who, role: 'editor', email }, adminKey);
      keys[who] = created.key;
    }
    const signIn = await fetch(`${running.url}/trpc/platform/sessions.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url },
      body: JSON.stringify({ email: first.email, password: first.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('sx_session='));
    adminCookie = cookie!.split(';')[0]!;
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  beforeEach(() => {
    uploads.length = 0;
  });

  it('answers 401 without credentials and with a bad key, in the error shape', async () => {
    const none = await call('PUT', blobUrl('blobs'), { body: 'data' });
    expect(none.status).toBe(401);
    expect(expectErrorShape(none.json, 401).error.message).toMatch(/API key|Sign in/);

    const bad = await call('PUT', blobUrl('blobs'), {
      key: 'sx_000000000000_abcdefghijklmnopqrstuvwxyzABCDEF',
      body: 'data',
    });
    expect(bad.status).toBe(401);
    expectErrorShape(bad.json, 401);
    const malformed = await call('GET', '/api/v1/projects/blobs/generated?size=1', {
      key: 'not-a-key',
    });
    expect(malformed.status).toBe(401);
    expect(uploads).toHaveLength(0);
  });

  it("answers 404 for a project the caller is not a member of, as for one that doesn't exist", async () => {
    const outsider = await call('PUT', blobUrl('blobs'), { key: keys.outsider, body: 'data' });
    expect(outsider.status).toBe(404);
    expect(expectErrorShape(outsider.json, 404).error.data.fields.map((f) => f.path)).toEqual([
      'project',
    ]);
    const missing = await call('PUT', blobUrl('no-such-project'), {
      key: keys.editor,
      body: 'data',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe(
      outsider.json.error.message.replace('blobs', 'no-such-project'),
    );
    expect(uploads).toHaveLength(0);
  });

  it('answers 403 to a viewer on an editor route, and lets the viewer read', async () => {
    const res = await call('PUT', blobUrl('blobs'), { key: keys.viewer, body: 'data' });
    expect(res.status).toBe(403);
    expect(expectErrorShape(res.json, 403).error.message).toBe(
      'This needs the editor role in project "blobs"; you have viewer',
    );
    expect(uploads).toHaveLength(0);
    const read = await call('GET', '/api/v1/projects/blobs/generated?size=10', {
      key: keys.viewer,
    });
    expect(read.status).toBe(200);
  });

  it('takes a streamed upload from an editor key, hashing what was sent', async () => {
    const payload = Buffer.concat([...generatedBody(40 * 1024)]);
    const res = await call('PUT', blobUrl('blobs'), { key: keys.editor, body: payload });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      project: 'blobs',
      role: 'editor',
      by: 'ed@example.com',
      size: payload.length,
      sha256: sha256(payload),
    });
  });

  it("takes an admin's session cookie with a same-site Origin, and refuses it without or with a foreign one", async () => {
    const body = 'from the console';
    const ok = await call('PUT', blobUrl('blobs'), {
      cookie: adminCookie,
      origin: running.url,
      body,
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ by: 'admin@sextant.local', role: 'admin', size: body.length });

    for (const origin of [undefined, 'https://evil.example', 'null']) {
      const res = await call('PUT', blobUrl('blobs'), {
        cookie: adminCookie,
        body,
        ...(origin ? { origin } : {}),
      });
      expect(res.status).toBe(403);
      expect(expectErrorShape(res.json, 403).error.message).toMatch(/Cross-site request refused/);
    }
    // One upload reached the handler: the refused ones never did.
    expect(uploads).toHaveLength(1);
    // Reads need no Origin (SameSite=Strict keeps the cookie off cross-site requests).
    const read = await call('GET', '/api/v1/projects/blobs/generated?size=10', {
      cookie: adminCookie,
    });
    expect(read.status).toBe(200);
  });

  it('answers 413 past the body limit with a Content-Length, before the handler reads anything', async () => {
    const payload = Buffer.alloc(BODY_LIMIT + 1, 7);
    const res = await call('PUT', blobUrl('blobs'), { key: keys.editor, body: payload });
    expect(res.status).toBe(413);
    expectErrorShape(res.json, 413);
    expect(uploads).toHaveLength(0);
    // Exactly the limit is accepted.
    const atLimit = await call('PUT', blobUrl('blobs'), {
      key: keys.editor,
      body: Buffer.alloc(BODY_LIMIT, 7),
    });
    expect(atLimit.status).toBe(201);
    expect(atLimit.json.size).toBe(BODY_LIMIT);
  });

  it('answers 413 past the body limit for a chunked body (no Content-Length), the handler seeing no more than the limit', async () => {
    const chunks = [...generatedBody(4 * BODY_LIMIT, 8 * 1024)];
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (!next) return controller.close();
        sent += next.length;
        controller.enqueue(next);
      },
    });
    const res = await call('PUT', blobUrl('blobs'), { key: keys.editor, body });
    expect(res.status).toBe(413);
    expect(expectErrorShape(res.json, 413).error.message).toMatch(/larger than 65536 bytes/);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.bytesSeen).toBeGreaterThan(0);
    expect(uploads[0]!.bytesSeen).toBeLessThanOrEqual(BODY_LIMIT);
    expect(sent).toBeGreaterThan(BODY_LIMIT);
  });

  it('does not stall a keep-alive connection on the unread rest of a refused body', async () => {
    // One socket, reused: the request after a refused upload must get its answer.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (method: string, urlPath: string, chunks: Buffer[] = []) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${running.url}${urlPath}`, {
          method,
          agent,
          headers: { authorization: `Bearer ${keys.editor}` },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', (e) =>
          (e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e),
        );
        for (const c of chunks) req.write(c); // no Content-Length: chunked
        req.end();
      });
    try {
      const big = [...generatedBody(4 * BODY_LIMIT, 8 * 1024)];
      expect(await request('PUT', blobUrl('blobs'), big)).toBe(413);
      const next = await Promise.race([
        request('GET', '/api/v1/status'),
        sleep(5000).then(() => 'stalled'),
      ]);
      expect(next).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('streams a 5 MB download intact', async () => {
    const res = await fetch(`${running.url}/api/v1/projects/blobs/generated`, {
      headers: { authorization: `Bearer ${keys.viewer}` },
    });
    expect(res.status).toBe(200);
    // Streamed, not buffered into one body with a length.
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const received = new Uint8Array(await res.arrayBuffer());
    expect(received.length).toBe(DOWNLOAD_SIZE);
    expect(sha256(received)).toBe(sha256(Buffer.concat([...generatedBody(DOWNLOAD_SIZE)])));
  });

  it("reads the project from the route's resolver", async () => {
    const headers = { 'x-sextant-project': 'blobs' };
    const ok = await call('GET', '/api/v1/current', { key: keys.viewer, headers });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ project: 'blobs' });
    expect((await call('GET', '/api/v1/current', { key: keys.outsider, headers })).status).toBe(
      404,
    );
    expect((await call('GET', '/api/v1/current', { key: keys.viewer })).status).toBe(400);
  });

  it('reads the project from ?project= when the path has none, and names it when missing', async () => {
    const ok = await call('GET', '/api/v1/search?project=blobs', { key: keys.viewer });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ project: 'blobs' });
    const outsider = await call('GET', '/api/v1/search?project=blobs', { key: keys.outsider });
    expect(outsider.status).toBe(404);
    const missing = await call('GET', '/api/v1/search', { key: keys.viewer });
    expect(missing.status).toBe(400);
    expect(expectErrorShape(missing.json, 400).error.data.fields.map((f) => f.path)).toEqual([
      'project',
    ]);
  });

  it("answers an unknown /api path in the error shape, not the framework's", async () => {
    const res = await call('GET', '/api/v1/no/such/thing', { key: keys.editor });
    expect(res.status).toBe(404);
    expect(expectErrorShape(res.json, 404).error.message).toBe('No such route');
  });

  it('answers a method the path does not take with 405, naming the ones it does (Allow)', async () => {
    const res = await fetch(`${running.url}${blobUrl('blobs')}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${keys.editor}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT');
    expect(expectErrorShape(await res.json(), 405).error.message).toBe(
      'Method DELETE is not allowed here: use PUT',
    );
    // A GET route's path takes HEAD too.
    const post = await fetch(`${running.url}/api/v1/status`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('keeps the fields of an AppError a handler throws', async () => {
    const res = await call('PUT', blobUrl('blobs', 'Not_A_Name'), { key: keys.editor, body: 'x' });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res.json, 400).error.data.fields).toEqual([
      { path: 'name', message: 'lowercase letters, digits and dashes' },
    ]);
  });

  it('answers a failing handler with a 500 that shows only an error id', async () => {
    const res = await call('GET', '/api/v1/projects/blobs/boom', { key: keys.viewer });
    expect(res.status).toBe(500);
    const { error } = expectErrorShape(res.json, 500);
    expect(error.data.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toBe(`Internal error (id ${error.data.errorId})`);
    expect(res.text).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|SELECT|vault|at .*\.ts/);
  });

  it('lets anyone call a public route, and names the caller when there is one', async () => {
    expect((await call('GET', '/api/v1/status')).json).toEqual({ ok: true, caller: null });
    expect((await call('GET', '/api/v1/status', { key: keys.viewer })).json).toEqual({
      ok: true,
      caller: 'vic@example.com',
    });
  });

  it("serves the kit's paths on its own fastify and the rest on Nest's, one port, one /metrics", async () => {
    expect((await call('GET', '/api/v1/status')).status).toBe(200);
    // A path parameter longer than fastify's default limit (100) still reaches its route.
    const long = await call('PUT', blobUrl('blobs', 'b'.repeat(300)), {
      key: keys.editor,
      body: 'x',
    });
    expect(long.json?.error?.message).not.toBe('No such route');
    expect(long.status).not.toBe(404);
    expect((await call('GET', '/healthz')).status).toBe(200);
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /sextant_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/status"[^}]*\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /sextant_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/,
    );
  });

  it('keeps platform-admin routes to platform admins (an unscoped admin key or a session)', async () => {
    const byKey = await call('GET', '/api/v1/admin/overview', { key: adminKey });
    expect(byKey.status).toBe(200);
    expect(byKey.json).toEqual({ admin: 'admin@sextant.local' });
    expect((await call('GET', '/api/v1/admin/overview', { cookie: adminCookie })).status).toBe(200);
    const editor = await call('GET', '/api/v1/admin/overview', { key: keys.editor });
    expect(editor.status).toBe(403);
    expectErrorShape(editor.json, 403);
    expect((await call('GET', '/api/v1/admin/overview')).status).toBe(401);
  });
});

describe('closing the platform', () => {
  it('answers the requests under way before anything stops, then refuses connections', async () => {
    const db = await createTestDatabase();
    const running = await startTestPlatform(db.url);
    // One agent per connection: an idle keep-alive one, one answering slowly, one whose large
    // answer its client reads late.
    const agents = [0, 1, 2].map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const get = (path: string, via: http.Agent | false, readAfterMs = 0) =>
      new Promise<{ status: number; bytes: number; body: string }>((resolve, reject) => {
        http
          .get(`${running.url}${path}`, { agent: via }, (res) => {
            const chunks: Buffer[] = [];
            res.pause();
            setTimeout(() => res.resume(), readAfterMs);
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const all = Buffer.concat(chunks);
              resolve({ status: res.statusCode!, bytes: all.length, body: all.toString() });
            });
          })
          .on('error', reject);
      });
    const BIG = 20 * 1024 * 1024;
    try {
      for (const agent of agents) expect((await get('/api/v1/status', agent)).status).toBe(200);
      const slow = get('/api/v1/slow?ms=500', agents[1]!);
      const big = get(`/api/v1/slow?ms=50&bytes=${BIG}`, agents[2]!, 600);
      await sleep(100);
      const closing = running.close();
      expect(await slow).toMatchObject({ status: 200, body: JSON.stringify({ slept: true }) });
      // Read 0.6 s late, all 20 MB arrive (a sweep of idle connections must not cut them).
      expect(await big).toMatchObject({ status: 200, bytes: BIG });
      // Every connection ends (an idle keep-alive one would otherwise hold close() for 72 s).
      await closing;
      await expect(get('/api/v1/status', false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      for (const agent of agents) agent.destroy();
      await running.close();
      await db.drop();
    }
  }, 20_000);
});

describe('mountRoutes', () => {
  it('answers 405 on a path whose routes name its parameter differently (one path to fastify)', async () => {
    const fastify = Fastify();
    const route = (method: 'GET' | 'POST', url: string) =>
      ({ method, url, auth: 'public', handler: async () => ({ ok: true }) }) as RouteDefinition;
    const makeContext = (): Promise<ApiContext> => {
      throw new Error('not called');
    };
    await mountRoutes(
      fastify,
      [route('GET', '/api/v1/things/:id'), route('POST', '/api/v1/things/:thing')],
      makeContext,
    );
    await fastify.ready();
    const res = await fastify.inject({ method: 'DELETE', url: '/api/v1/things/7' });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD, POST');
    await fastify.close();
  });

  it('refuses at start-up a route that declares no auth rule', async () => {
    const fastify = Fastify();
    const unruled = {
      method: 'GET',
      url: '/api/v1/open',
      handler: async () => ({ ok: true }),
    } as unknown as RouteDefinition;
    const makeContext = (): Promise<ApiContext> => {
      throw new Error('not called');
    };
    await expect(mountRoutes(fastify, [unruled], makeContext)).rejects.toThrow(
      'route GET /api/v1/open declares no auth rule',
    );
    // Nothing was mounted: the path is unknown to fastify.
    await fastify.ready();
    expect((await fastify.inject({ method: 'GET', url: '/api/v1/open' })).statusCode).toBe(404);
    await fastify.close();
  });
});
