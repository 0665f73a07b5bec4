import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTRPCClient, httpLink } from '@trpc/client';
import { driftDetected } from '@sextant/contracts';
import { type PlatformRouter, bootstrapAdmin } from '@sextant/api';
import { logisticRegressionModel } from '@sextant/onnx';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase, eventually } from '@sextant/testing';
import {
  type TrackingRouter,
  type WebhookOptions,
  createTrackingService,
  verifyWebhookSignature,
} from '../src';
import { systemResolver } from '../src/webhooks/url-guard';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher';
import { outcome } from './harness';

/** What a receiver saw of one request. */
interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A webhook receiver on 127.0.0.1: records every request and answers each path with the next
 * status of its script (the last one repeats; 200 when none).
 */
async function startReceiver(scripts: Record<string, number[]> = {}) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const p = req.url ?? '/';
      received.push({ path: p, headers: req.headers, body: Buffer.concat(chunks).toString() });
      const script = scripts[p] ?? [200];
      const status = script.length > 1 ? script.shift()! : (script[0] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    received,
    at: (p: string) => received.filter((r) => r.path === p),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function client<R extends TrackingRouter | PlatformRouter>(url: string, key: string) {
  const link = httpLink<TrackingRouter>({ url, headers: { authorization: `Bearer ${key}` } });
  return createTRPCClient<R>({ links: [link as never] });
}

/** The tracking service with these webhook options, on a throwaway database, project `ml`. */
async function startTracking(webhooks: WebhookOptions) {
  const db: TestDatabase = await createTestDatabase();
  const home = await mkdtemp(path.join(tmpdir(), 'sextant-webhooks-'));
  const running: RunningPlatform = await startPlatform({
    services: [createTrackingService({ webhooks })],
    databaseUrl: db.url,
    home,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
  });
  const key = (await bootstrapAdmin(running.platform.db.prisma))!.key;
  await client<PlatformRouter>(`${running.url}/trpc/platform`, key).projects.create.mutate({
    slug: 'ml',
    name: 'ML',
  });
  return {
    running,
    url: running.url,
    key,
    project: 'ml',
    tracking: client<TrackingRouter>(`${running.url}/trpc/tracking`, key),
    dispatcher: running.app.get(WebhookDispatcher, { strict: false }),
    close: async () => {
      await running.close();
      await db.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
type Tracking = Awaited<ReturnType<typeof startTracking>>;

const onnx = Buffer.from(
  logisticRegressionModel({
    weights: [
      [1, -1],
      [-1, 1],
    ],
    intercepts: [0, 0],
    classLabels: [0, 1],
    featureNames: ['x1', 'x2'],
  }),
);

const REGISTERED = 'tracking.model-version-registered';
const MOVED = 'tracking.alias-moved';

/** The body parsed, after checking that the request is signed with `secret`. */
function verified(r: Received, secret: string) {
  const ok = verifyWebhookSignature({
    secret,
    header: r.headers['x-sextant-signature'],
    body: r.body,
    toleranceSeconds: 300,
  });
  expect(ok).toBe(true);
  return JSON.parse(r.body) as { id: string; type: string; createdAt: string; data: any };
}

describe('registry webhooks: signed deliveries with retries, and the SSRF guard', () => {
  // Private targets allowed (the receiver is on 127.0.0.1), tiny backoff, three attempts.
  let h: Tracking;
  // The defaults: private targets refused.
  let strict: Tracking;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let runId: string;
  const p = () => h.project;

  beforeAll(async () => {
    [h, strict, receiver] = await Promise.all([
      startTracking({
        allowPrivateTargets: true,
        maxAttempts: 3,
        backoffBaseMs: 20,
        backoffMaxMs: 80,
        pollIntervalMs: 25,
        timeoutMs: 2000,
      }),
      startTracking({}),
      startReceiver({ '/flaky': [500, 500, 200], '/down': [503] }),
    ]);
    await h.tracking.experiments.create.mutate({ project: p(), name: 'hooks' });
    runId = (await h.tracking.runs.create.mutate({ project: p(), experiment: 'hooks' })).id;
    const res = await fetch(`${h.url}/api/v1/runs/${runId}/artifacts/model.onnx`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body: onnx,
    });
    expect(res.status).toBe(201);
    await h.tracking.models.create.mutate({ project: p(), name: 'iris' });
  });
  afterAll(async () => {
    await Promise.all([h?.close(), strict?.close(), receiver?.close()]);
  });

  const create = (name: string, url: string, events: string[], t: Tracking = h) =>
    t.tracking.webhooks.create.mutate({ project: t.project, name, url, events });
  const deliveries = (webhook: string) =>
    h.tracking.webhooks.deliveries.query({ project: p(), webhook }).then((d) => d.deliveries);
  const setAlias = (alias: string, version: number) =>
    h.tracking.models.setAlias.mutate({ project: p(), model: 'iris', alias, version });

  it('delivers each registry event once, signed, to every subscribed webhook; a disabled one gets nothing', async () => {
    const all = await create('all', receiver.url('/all'), [REGISTERED, MOVED]);
    expect(all.secret).toMatch(/^whsec_/);
    const movesOnly = await create('moves', receiver.url('/moves'), [MOVED]);
    await create('off', receiver.url('/off'), [REGISTERED, MOVED]);
    await h.tracking.webhooks.disable.mutate({ project: p(), webhook: 'off' });

    const version = await h.tracking.models.createVersion.mutate({
      project: p(),
      model: 'iris',
      runId,
      artifactPath: 'model.onnx',
    });
    await setAlias('champion', version.version);

    await eventually(() => receiver.at('/all').length >= 2, 'two deliveries to /all');
    await eventually(() => receiver.at('/moves').length >= 1, 'one delivery to /moves');
    // Every delivery is marked done: nothing more is coming.
    await eventually(
      async () => (await deliveries('all')).every((d) => d.status === 'succeeded'),
      'the deliveries of /all to be recorded',
    );

    const bodies = receiver.at('/all').map((r) => ({ r, body: verified(r, all.secret) }));
    expect(bodies.map((b) => b.body.type).sort()).toEqual([MOVED, REGISTERED]);
    const registered = bodies.find((b) => b.body.type === REGISTERED)!;
    expect(registered.body.data).toMatchObject({
      project: 'ml',
      model: 'iris',
      version: version.version,
      sha256: version.sha256,
    });
    expect(registered.r.headers['x-sextant-event']).toBe(REGISTERED);
    expect(registered.r.headers['content-type']).toBe('application/json');
    const moved = bodies.find((b) => b.body.type === MOVED)!;
    expect(moved.body.data).toMatchObject({ alias: 'champion', toVersion: version.version });

    // The delivery log holds one succeeded attempt per delivery, under the header's delivery id.
    const log = await deliveries('all');
    expect(log).toHaveLength(2);
    for (const d of log) {
      expect(d.status).toBe('succeeded');
      expect(d.attempts.map((a) => a.statusCode)).toEqual([200]);
      const request = bodies.find((b) => b.body.type === d.eventType)!;
      expect(request.r.headers['x-sextant-delivery']).toBe(d.id);
      expect(request.body.id).toBe(d.eventId);
    }

    // The alias-only webhook got the move, signed with its own secret, and nothing else.
    expect(receiver.at('/moves')).toHaveLength(1);
    expect(verified(receiver.at('/moves')[0]!, movesOnly.secret).type).toBe(MOVED);
    expect(
      verifyWebhookSignature({
        secret: all.secret,
        header: receiver.at('/moves')[0]!.headers['x-sextant-signature'],
        body: receiver.at('/moves')[0]!.body,
      }),
    ).toBe(false);

    // Whatever still runs has had time to send more: /all got exactly two, /off none.
    await sleep(300);
    expect(receiver.at('/all')).toHaveLength(2);
    expect(receiver.at('/off')).toHaveLength(0);
    expect(await deliveries('off')).toEqual([]);
  });

  it('delivers a monitor’s drift alert (monitoring.drift-detected), signed', async () => {
    const hook = await create('drift', receiver.url('/drift'), ['monitoring.drift-detected']);
    const project = (await h.running.platform.db.prisma.project.findUnique({
      where: { slug: p() },
    }))!;
    await h.running.platform.bus.publish(driftDetected, [
      {
        project: p(),
        projectId: project.id,
        monitorId: randomUUID(),
        monitor: 'credit-drift',
        deployment: 'credit-risk',
        windowSeq: 3,
        consecutive: 2,
        driftedShare: 0.5,
        driftedFeatures: ['income', 'debt'],
        at: new Date().toISOString(),
      },
    ]);
    await eventually(() => receiver.at('/drift').length >= 1, 'the drift alert');
    const body = verified(receiver.at('/drift')[0]!, hook.secret);
    expect(body).toMatchObject({
      type: 'monitoring.drift-detected',
      data: { monitor: 'credit-drift', consecutive: 2, driftedFeatures: ['income', 'debt'] },
    });
  });

  it('retries a receiver that answers 500, 500, then 200: three attempts, all in the log', async () => {
    const hook = await create('flaky', receiver.url('/flaky'), [MOVED]);
    await setAlias('challenger', 1);
    await eventually(
      async () => (await deliveries('flaky'))[0]?.status === 'succeeded',
      'the flaky delivery to succeed',
    );
    const [delivery] = await deliveries('flaky');
    expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(delivery!.attemptCount).toBe(3);
    expect(delivery!.nextAttemptAt).toBeNull();
    for (const a of delivery!.attempts) {
      expect(a.durationMs).toBeGreaterThanOrEqual(0);
      expect(a.error).toBeNull();
    }
    // Attempts are in time order, at least the backoff apart.
    const times = delivery!.attempts.map((a) => Date.parse(a.at));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(10);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(20);

    // The receiver saw exactly three requests, each signed, all with the same delivery id.
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    const ids = requests.map((r) => r.headers['x-sextant-delivery']);
    expect(new Set(ids)).toEqual(new Set([delivery!.id]));
    for (const r of requests) expect(verified(r, hook.secret).type).toBe(MOVED);
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    await create('down', receiver.url('/down'), [MOVED]);
    await setAlias('staging', 1);
    await eventually(
      async () => (await deliveries('down'))[0]?.status === 'failed',
      'the delivery to fail',
    );
    const [delivery] = await deliveries('down');
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    await sleep(200);
    expect(receiver.at('/down')).toHaveLength(3);
  });

  it('a tampered body, another secret or an old timestamp fails verification', async () => {
    const hook = await create('tamper', receiver.url('/tamper'), [MOVED]);
    const result = await h.tracking.webhooks.test.mutate({ project: p(), webhook: 'tamper' });
    expect(result.ok).toBe(true);
    const [r] = receiver.at('/tamper');
    const header = r!.headers['x-sextant-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: hook.secret, header, body: r!.body })).toBe(true);
    const tampered = r!.body.replace('"webhook.test"', '"tracking.alias-moved"');
    expect(tampered).not.toBe(r!.body);
    expect(verifyWebhookSignature({ secret: hook.secret, header, body: tampered })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'whsec_other', header, body: r!.body })).toBe(false);
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(
      verifyWebhookSignature({
        secret: hook.secret,
        header,
        body: r!.body,
        toleranceSeconds: 300,
        now: t + 301,
      }),
    ).toBe(false);
    // A forged timestamp with the old signature does not verify either.
    const forged = header.replace(/t=\d+/, `t=${t + 1}`);
    expect(verifyWebhookSignature({ secret: hook.secret, header: forged, body: r!.body })).toBe(
      false,
    );
  });

  it('test sends a webhook.test event now and answers the attempt; it is in the log', async () => {
    await create('probe', receiver.url('/probe-down'), [REGISTERED]);
    receiver.received.length = 0;
    const ok = await h.tracking.webhooks.test.mutate({ project: p(), webhook: 'probe' });
    expect(ok).toMatchObject({ ok: true, attempt: { attempt: 1, statusCode: 200, error: null } });
    expect(ok.attempt.durationMs).toBeGreaterThanOrEqual(0);
    const [request] = receiver.at('/probe-down');
    expect(request!.headers['x-sextant-event']).toBe('webhook.test');
    expect(request!.headers['x-sextant-delivery']).toBe(ok.deliveryId);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: 'webhook.test',
      data: { project: 'ml', webhook: { name: 'probe' } },
    });
    const log = await deliveries('probe');
    expect(log.map((d) => [d.id, d.eventType, d.status])).toEqual([
      [ok.deliveryId, 'webhook.test', 'succeeded'],
    ]);

    // Nobody listening: no status code, an error, one attempt, no retry.
    const closed = await startReceiver();
    const deadUrl = closed.url('/gone');
    await closed.close();
    await create('gone', deadUrl, [REGISTERED]);
    const failed = await h.tracking.webhooks.test.mutate({ project: p(), webhook: 'gone' });
    expect(failed.ok).toBe(false);
    expect(failed.attempt.statusCode).toBeNull();
    expect(failed.attempt.error).toContain('ECONNREFUSED');
    expect((await deliveries('gone'))[0]).toMatchObject({ status: 'failed', attemptCount: 1 });
  });

  it('never returns the secret after creation, and audits every change', async () => {
    const created = await create('secretive', receiver.url('/s'), [MOVED]);
    const list = await h.tracking.webhooks.list.query({ project: p() });
    const listed = list.find((w) => w.name === 'secretive')!;
    expect(listed).toMatchObject({ id: created.id, url: created.url, status: 'active' });
    expect(listed).not.toHaveProperty('secret');
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const disabled = await h.tracking.webhooks.disable.mutate({
      project: p(),
      webhook: 'secretive',
    });
    expect(JSON.stringify(disabled)).not.toContain(created.secret);
    await h.tracking.webhooks.enable.mutate({ project: p(), webhook: created.id });
    await h.tracking.webhooks.delete.mutate({ project: p(), webhook: 'secretive' });
    const audits = await h.running.platform.db.prisma.auditLog.findMany({
      where: { target: created.id },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.action)).toEqual([
      'tracking.webhook-created',
      'tracking.webhook-disabled',
      'tracking.webhook-enabled',
      'tracking.webhook-deleted',
    ]);
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain(created.secret);
    const gone = await outcome(
      h.tracking.webhooks.test.mutate({ project: p(), webhook: 'secretive' }),
    );
    expect(gone.status).toBe(404);
    expect(gone.fields[0]!.path).toBe('webhook');
  });

  it('refuses unknown event names and a name taken twice', async () => {
    const unknown = await outcome(
      create('bad-events', receiver.url('/x'), [MOVED, 'run.exploded']),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.fields).toEqual([
      { path: 'events.1', message: expect.stringContaining('unknown event "run.exploded"') },
    ]);
    await create('twice', receiver.url('/x'), [MOVED]);
    const again = await outcome(create('twice', receiver.url('/y'), [MOVED]));
    expect(again.status).toBe(409);
    expect(again.fields[0]!.path).toBe('name');
  });

  it('without the allow setting, refuses loopback, link-local, private and local names (400 on url)', async () => {
    const urls = [
      `http://127.0.0.1:${receiver.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://10.0.0.1',
      `http://localhost:${receiver.port}/`,
      'http://192.168.1.20/',
      'http://172.16.0.1/',
      'http://100.64.0.1/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://0.0.0.0/',
      'http://2130706433/', // 127.0.0.1 as one number
    ];
    for (const url of urls) {
      const refused = await outcome(create('private', url, [MOVED], strict));
      expect({ url, status: refused.status, field: refused.fields[0]?.path }).toEqual({
        url,
        status: 400,
        field: 'url',
      });
    }
    const loopback = await outcome(
      create('p', `http://127.0.0.1:${receiver.port}/`, [MOVED], strict),
    );
    expect(loopback.fields[0]!.message).toContain('loopback');
    const metadata = await outcome(create('p', 'http://169.254.169.254/', [MOVED], strict));
    expect(metadata.fields[0]!.message).toContain('link-local');
    const mapped = await outcome(create('p', 'http://[::ffff:127.0.0.1]/', [MOVED], strict));
    expect(mapped.fields[0]!.message).toContain('loopback');
    const local = await outcome(create('p', `http://localhost:${receiver.port}/`, [MOVED], strict));
    expect(local.fields[0]!.message).toMatch(/localhost resolves to .*loopback/);

    for (const [url, reason] of [
      ['ftp://example.com/hook', 'only http and https'],
      ['http://user:pw@example.com/', 'credentials'],
      ['not a url', 'not a valid URL'],
    ] as const) {
      const refused = await outcome(create('bad', url, [MOVED], strict));
      expect(refused.status).toBe(400);
      expect(refused.fields[0]).toEqual({ path: 'url', message: expect.stringContaining(reason) });
    }
    expect(await strict.tracking.webhooks.list.query({ project: strict.project })).toEqual([]);
    expect(receiver.at('/')).toHaveLength(0);
  });

  it('checks the address again at delivery time: a name that now resolves to loopback is refused', async () => {
    // A resolver that answers a public address first, then (rebinding) loopback.
    let answers = 0;
    strict.dispatcher.resolver = async () =>
      answers++ === 0
        ? [{ address: '93.184.215.14', family: 4 }]
        : [{ address: '127.0.0.1', family: 4 }];
    try {
      await create('rebind', `http://hooks.example.test:${receiver.port}/rebind`, [MOVED], strict);
      const result = await strict.tracking.webhooks.test.mutate({
        project: strict.project,
        webhook: 'rebind',
      });
      expect(result.ok).toBe(false);
      expect(result.attempt.statusCode).toBeNull();
      expect(result.attempt.error).toMatch(
        /^refused: hooks\.example\.test resolves to 127\.0\.0\.1.*loopback/,
      );
      expect(receiver.at('/rebind')).toHaveLength(0);
      // Enabling again checks the URL again.
      await strict.tracking.webhooks.disable.mutate({ project: strict.project, webhook: 'rebind' });
      const enable = await outcome(
        strict.tracking.webhooks.enable.mutate({ project: strict.project, webhook: 'rebind' }),
      );
      expect(enable.status).toBe(400);
      expect(enable.fields[0]!.path).toBe('url');
    } finally {
      strict.dispatcher.resolver = systemResolver;
    }
  });

  it('connects to the address it checked, asking the resolver once per attempt', async () => {
    // `pinned.test` does not exist in DNS: the request can only arrive through the checked address.
    const asked: string[] = [];
    h.dispatcher.resolver = async (host) => {
      asked.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    try {
      await create('pinned', `http://pinned.test:${receiver.port}/pinned`, [MOVED]);
      asked.length = 0;
      const result = await h.tracking.webhooks.test.mutate({ project: p(), webhook: 'pinned' });
      expect(result).toMatchObject({ ok: true, attempt: { statusCode: 200 } });
      expect(asked).toEqual(['pinned.test']);
      expect(receiver.at('/pinned')[0]!.headers.host).toBe(`pinned.test:${receiver.port}`);
    } finally {
      h.dispatcher.resolver = systemResolver;
    }
  });
});
