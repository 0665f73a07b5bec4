import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NextRequest } from 'next/server';
import { proxyToApi } from './proxy';

/**
 * The console's proxy against a real HTTP server standing in for the API: what reaches the API,
 * and what comes back to the browser.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodySha: string;
  bodyBytes: number;
}

describe('proxyToApi', () => {
  let server: Server;
  let seen: Seen | null = null;
  let release: () => void = () => undefined;
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/trpc/platform/sessions.signIn': (_req, res) => {
      res.setHeader('set-cookie', [
        'sx_session=abc; Path=/; Expires=Tue, 08 Dec 2026 20:35:55 GMT; HttpOnly; SameSite=Strict',
        'other=1; Path=/; Expires=Wed, 09 Dec 2026 10:00:00 GMT',
      ]);
      res.setHeader('content-type', 'application/json');
      res.end('{"result":{"data":{}}}');
    },
    '/api/v1/slow': (_req, res) => {
      // The first bytes go out at once; the rest only when the test says so.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first,');
      release = () => res.end('last');
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      req.on('end', () => {
        seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          bodySha: hash.digest('hex'),
          bodyBytes: bytes,
        };
        const route = routes[(req.url ?? '').split('?')[0]!];
        if (route) return route(req, res);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env['SEXTANT_API_URL'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    release();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('forwards the method, path, query, cookie and Origin, and says which origin the browser used', async () => {
    const request = new NextRequest(
      'http://console.local:3000/trpc/platform/users.create?batch=1',
      {
        method: 'POST',
        headers: {
          host: 'console.local:3000',
          cookie: 'sx_session=abc',
          origin: 'http://console.local:3000',
          'content-type': 'application/json',
          connection: 'keep-alive',
        },
        body: '{"0":{"email":"a@b.c"}}',
      },
    );
    const response = await proxyToApi(request, '/trpc/platform/users.create');
    expect(response.status).toBe(200);
    expect(seen).toMatchObject({ method: 'POST', url: '/trpc/platform/users.create?batch=1' });
    expect(seen!.headers).toMatchObject({
      cookie: 'sx_session=abc',
      origin: 'http://console.local:3000',
      'x-forwarded-host': 'console.local:3000',
      'x-forwarded-proto': 'http',
      'content-type': 'application/json',
    });
    // The API's own host, not the console's: x-forwarded-host carries that.
    expect(seen!.headers.host).not.toBe('console.local:3000');
    expect(seen!.bodyBytes).toBe('{"0":{"email":"a@b.c"}}'.length);
  });

  it('keeps what a proxy in front of the console said about the origin (TLS ends there)', async () => {
    const request = new NextRequest('http://127.0.0.1:3000/trpc/platform/whoami', {
      headers: {
        host: '127.0.0.1:3000',
        'x-forwarded-host': 'sextant.example.com',
        'x-forwarded-proto': 'https',
      },
    });
    await proxyToApi(request, '/trpc/platform/whoami');
    expect(seen!.headers).toMatchObject({
      'x-forwarded-host': 'sextant.example.com',
      'x-forwarded-proto': 'https',
    });
  });

  it('passes each Set-Cookie back as its own header, Expires and all', async () => {
    const request = new NextRequest('http://127.0.0.1:3000/trpc/platform/sessions.signIn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const response = await proxyToApi(request, '/trpc/platform/sessions.signIn');
    expect(response.headers.getSetCookie()).toEqual([
      'sx_session=abc; Path=/; Expires=Tue, 08 Dec 2026 20:35:55 GMT; HttpOnly; SameSite=Strict',
      'other=1; Path=/; Expires=Wed, 09 Dec 2026 10:00:00 GMT',
    ]);
  });

  it('streams a large upload through every method of the REST proxy', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 7);
    for (const method of ['PUT', 'POST', 'PATCH']) {
      const request = new NextRequest('http://127.0.0.1:3000/api/v1/projects/p/artifacts', {
        method,
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as ConstructorParameters<typeof NextRequest>[1]);
      const response = await proxyToApi(request, '/api/v1/projects/p/artifacts');
      expect(response.status).toBe(200);
      expect(seen).toMatchObject({
        method,
        bodyBytes: body.length,
        bodySha: createHash('sha256').update(body).digest('hex'),
      });
    }
    for (const method of ['GET', 'DELETE', 'HEAD']) {
      const request = new NextRequest('http://127.0.0.1:3000/api/v1/x?y=1', { method });
      const response = await proxyToApi(request, '/api/v1/x');
      expect(response.status).toBe(200);
      expect(seen).toMatchObject({ method, url: '/api/v1/x?y=1', bodyBytes: 0 });
    }
  });

  it('streams the answer: the first bytes arrive before the API has finished', async () => {
    const request = new NextRequest('http://127.0.0.1:3000/api/v1/slow');
    const response = await proxyToApi(request, '/api/v1/slow');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first,');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('last');
  });

  it('answers 502 in the shape each caller reads when the API is down', async () => {
    const url = process.env['SEXTANT_API_URL'];
    process.env['SEXTANT_API_URL'] = 'http://127.0.0.1:1';
    try {
      const batch = await proxyToApi(
        new NextRequest('http://127.0.0.1:3000/trpc/platform/whoami,projects.list?batch=1'),
        '/trpc/platform/whoami,projects.list',
      );
      expect(batch.status).toBe(502);
      const answers = (await batch.json()) as { error: { data: { httpStatus: number } } }[];
      expect(answers).toHaveLength(2);
      expect(answers[0]!.error.data.httpStatus).toBe(502);

      const rest = await proxyToApi(new NextRequest('http://127.0.0.1:3000/api/v1/x'), '/api/v1/x');
      expect(rest.status).toBe(502);
      await expect(rest.json()).resolves.toMatchObject({
        error: { message: 'The Sextant API at http://127.0.0.1:1 is unreachable' },
      });
    } finally {
      process.env['SEXTANT_API_URL'] = url;
    }
  });
});
