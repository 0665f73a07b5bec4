import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACT_LIMIT, type TrackingHarness, outcome, startTracking } from './harness';

/** A raw HTTP request, so that `..` and encoded forms reach the server exactly as written. */
function raw(
  url: string,
  method: string,
  rawPath: string,
  key: string,
  body?: Buffer,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method, path: rawPath, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('run artifacts over plain HTTP', () => {
  let h: TrackingHarness;
  let runId: string;
  const url = (p: string) => `${h.url}/api/v1/runs/${runId}/artifacts/${p}`;
  const auth = () => ({ authorization: `Bearer ${h.key}` });

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'art' });
    runId = (await h.tracking.runs.create.mutate({ project: h.project, experiment: 'art' })).id;
  });
  afterAll(() => h.close());

  it('puts and gets a file, lists it, and replaces it on a second put', async () => {
    const put = await fetch(url('model/model.json'), {
      method: 'PUT',
      headers: auth(),
      body: '{"trees":3}',
    });
    expect(put.status).toBe(201);
    const stored = (await put.json()) as { sha256: string; size: number; path: string };
    expect(stored).toMatchObject({
      path: 'model/model.json',
      size: 11,
      sha256: createHash('sha256').update('{"trees":3}').digest('hex'),
    });
    const got = await fetch(url('model/model.json'), { headers: auth() });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/json');
    expect(await got.text()).toBe('{"trees":3}');

    await fetch(url('model/model.json'), { method: 'PUT', headers: auth(), body: '{"trees":4}' });
    expect(await (await fetch(url('model/model.json'), { headers: auth() })).text()).toBe(
      '{"trees":4}',
    );
    const list = await h.tracking.artifacts.list.query({ project: h.project, runId });
    expect(list.map((a) => a.path)).toEqual(['model/model.json']);
  });

  it('serves what a browser could run as a download, never as a page', async () => {
    await fetch(url('report.html'), {
      method: 'PUT',
      headers: auth(),
      body: '<script>alert(1)</script>',
    });
    const got = await fetch(url('report.html'), { headers: auth() });
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses a body over the limit with a 413 and keeps nothing', async () => {
    const res = await fetch(url('big.bin'), {
      method: 'PUT',
      headers: auth(),
      body: Buffer.alloc(ARTIFACT_LIMIT + 1),
    });
    expect(res.status).toBe(413);
    const list = await h.tracking.artifacts.list.query({ project: h.project, runId });
    expect(list.map((a) => a.path)).not.toContain('big.bin');
  });

  it.each([
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e/%2e%2e/etc/passwd',
    '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '%2Fetc%2Fpasswd',
    '/etc/passwd',
    'a/../../b',
    'a\\..\\..\\b',
  ])('never leaves the store for the path %s', async (p) => {
    const put = await raw(
      h.url,
      'PUT',
      `/api/v1/runs/${runId}/artifacts/${p}`,
      h.key,
      Buffer.from('x'),
    );
    const get = await raw(h.url, 'GET', `/api/v1/runs/${runId}/artifacts/${p}`, h.key);
    for (const res of [put, get]) {
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain('root:');
    }
    const list = await h.tracking.artifacts.list.query({ project: h.project, runId });
    expect(list.map((a) => a.path).filter((x) => x.includes('passwd') || x.includes('..'))).toEqual(
      [],
    );
  });

  it('does not follow a symlink planted in the store', async () => {
    const body = 'planted-target';
    const sha = createHash('sha256').update(body).digest('hex');
    await fetch(url('planted.txt'), { method: 'PUT', headers: auth(), body });
    const root = fileURLToPath(h.running.platform.artifacts.url);
    const blob = path.join(root, 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha);
    await rm(blob);
    await mkdir(path.dirname(blob), { recursive: true });
    await symlink('/etc/passwd', blob);
    const got = await raw(h.url, 'GET', `/api/v1/runs/${runId}/artifacts/planted.txt`, h.key);
    expect(got.status).toBeGreaterThanOrEqual(400);
    expect(got.body).not.toContain('root:');
  });

  it('an unknown run or artifact is a 404 naming it; a viewer of another project gets 404 too', async () => {
    const missingRun = await fetch(
      `${h.url}/api/v1/runs/00000000-0000-4000-8000-000000000000/artifacts/x.txt`,
      { headers: auth() },
    );
    expect(missingRun.status).toBe(404);
    const missingFile = await fetch(url('nope.txt'), { headers: auth() });
    expect(missingFile.status).toBe(404);
    expect(await missingFile.text()).toContain('nope.txt');
    const unauthenticated = await fetch(url('model/model.json'));
    expect(unauthenticated.status).toBe(401);
    const bad = await outcome(h.tracking.artifacts.list.query({ project: h.project, runId: 'x' }));
    expect(bad.status).toBe(400);
  });
});
