import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import { type PlatformRouter, bootstrapAdmin } from '@sextant/api';
import { InvalidParamsError } from '@sextant/plugin-sdk';
import { normalSample } from '@sextant/plugin-sdk/testing';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { buildReferenceProfile } from '@sextant/stats';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import {
  type DriftRunResult,
  type MonitoringRouter,
  type PluginInfo,
  PluginHost,
  createMonitoringService,
  isDriftRunError,
} from '../src';

// The example plugin of plugins/example-drift, as a user installs it: its built package (dist),
// loaded from a plugin folder or by package name. `npm run build -w plugins/example-drift` first.
const EXAMPLE = path.resolve(__dirname, '../../../plugins/example-drift');
const FIXTURES = path.join(__dirname, 'fixtures/plugins');
const MISBEHAVING = path.join(FIXTURES, 'misbehaving');
const REFUSED = path.join(FIXTURES, 'refused');

const reference = buildReferenceProfile(normalSample(11, 5000, 0, 1));
const current = normalSample(12, 5000, 0.25, 1.2);

let scratch: string;
/** A plugin folder holding the example plugin, as `cp -r` (here a symlink) would install it. */
let exampleFolder: string;

beforeAll(async () => {
  if (!existsSync(path.join(EXAMPLE, 'dist/index.js')))
    throw new Error('build the example plugin first: npm run build -w plugins/example-drift');
  scratch = await mkdtemp(path.join(tmpdir(), 'sextant-plugins-'));
  exampleFolder = path.join(scratch, 'plugins');
  await mkdir(exampleFolder);
  await symlink(EXAMPLE, path.join(exampleFolder, 'example-drift'), 'dir');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function byName(list: PluginInfo[], name: string): PluginInfo {
  const found = list.find((p) => p.name === name);
  if (!found) throw new Error(`no plugin ${name} in ${list.map((p) => p.name).join(', ')}`);
  return found;
}

function expectResult(r: DriftRunResult) {
  if (isDriftRunError(r)) throw new Error(`expected a result, got ${r.reason}: ${r.error}`);
  return r;
}

/** mean_shift as the example plugin computes it, called directly (the independent check). */
async function expectedMeanShift(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { plugin } = require(path.join(EXAMPLE, 'dist/index.js')) as {
    plugin: { getTest(n: string): { execute(r: unknown, c: unknown): { statistic: number } } };
  };
  return plugin.getTest('mean_shift').execute(reference, current).statistic;
}

describe('discovery', () => {
  it('loads a plugin from a folder into the worker pool, beside the built-in one', async () => {
    const host = await PluginHost.start({ folders: [exampleFolder] });
    try {
      const list = host.list();
      expect(list.map((p) => [p.name, p.status, p.isolation])).toEqual([
        ['@sextant/plugin-stattests', 'loaded', 'in-process'],
        ['@sextant/plugin-example-drift', 'loaded', 'worker-pool'],
      ]);
      const example = byName(list, '@sextant/plugin-example-drift');
      expect(example).toMatchObject({
        version: '1.0.0',
        source: { kind: 'folder', folder: exampleFolder },
        path: EXAMPLE,
        reason: null,
        sdk: { range: '^0.1.0', installed: '0.1.0' },
      });
      const meanShift = example.tests.find((t) => t.name === 'mean_shift')!;
      expect(meanShift).toMatchObject({
        version: '1.0.0',
        supports: ['numeric', 'text_length'],
        direction: 'distance',
        defaultThreshold: 0.1,
      });
      // The params as JSON Schema, input side: minStd is optional (it has a default).
      expect(meanShift.params).toMatchObject({
        type: 'object',
        properties: { minStd: { type: 'number', exclusiveMinimum: 0, default: 0.001 } },
      });
      expect(meanShift.params!['required']).toBeUndefined();
      expect(host.where('mean_shift')).toBe('worker-pool');
      expect(host.where('psi')).toBe('in-process');
      expect(host.where('nope')).toBeUndefined();

      const r = expectResult(await host.runner.run('mean_shift', reference, current));
      expect(r.statistic).toBe(await expectedMeanShift());
      expect(r).toMatchObject({ threshold: 0.1, drifted: true });
      // The built-in runs in this thread, through the same runner.
      const psi = expectResult(await host.runner.run('psi', reference, current));
      expect(psi.statistic).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
  });

  it('finds a plugin by package name in node_modules', async () => {
    const project = path.join(scratch, 'project');
    await mkdir(path.join(project, 'node_modules/@sextant'), { recursive: true });
    await symlink(EXAMPLE, path.join(project, 'node_modules/@sextant/plugin-example-drift'), 'dir');
    const host = await PluginHost.start({
      packages: ['@sextant/plugin-example-drift', '@acme/not-installed', '../escape'],
      resolveFrom: project,
    });
    try {
      const list = host.list();
      expect(byName(list, '@sextant/plugin-example-drift')).toMatchObject({
        status: 'loaded',
        source: { kind: 'package', package: '@sextant/plugin-example-drift' },
      });
      expect(list.filter((p) => p.status === 'refused').map((p) => p.reason)).toEqual([
        expect.stringContaining("package '@acme/not-installed' is not installed"),
        "'../escape' is not an npm package name",
      ]);
    } finally {
      await host.close();
    }
  });

  it('refuses bad plugins with the reason, and starts anyway', async () => {
    const missing = path.join(scratch, 'no-such-folder');
    const host = await PluginHost.start({ folders: [REFUSED, missing], timeoutMs: 5000 });
    try {
      const list = host.list();
      const refused = Object.fromEntries(
        list.filter((p) => p.status === 'refused').map((p) => [path.basename(p.path!), p]),
      );
      const reasons = Object.fromEntries(Object.entries(refused).map(([k, p]) => [k, p.reason]));
      expect(reasons).toEqual({
        'bad-manifest':
          "sextant.type: must be 'drift-tests'; sextant.export: must name the export holding the plugin",
        'exits-on-load':
          'loading index.js in a worker: the plugin ended its worker (worker exited with code: 9)',
        'name-clash': "drift test names already taken: 'psi' (@sextant/plugin-stattests)",
        'no-entry': "sextant.entry './dist/index.js' does not exist (is the plugin built?)",
        'no-manifest': 'package.json has no "sextant" manifest (see docs/plugins.md)',
        'not-a-plugin': "export 'plugin' is not a plugin made by definePlugin (not frozen)",
        'sdk-range': 'sextant.sdk wants @sextant/plugin-sdk ^2.0.0, but 0.1.0 is installed',
        'throws-on-load': 'loading index.js in a worker: cannot load: missing native module',
        'wrong-api': 'sextant.apiVersion is 2; this host implements apiVersion 1',
        'wrong-export': "the entry has no export 'driftPlugin'",
        'no-such-folder': 'the plugin folder does not exist',
      });
      expect(refused['sdk-range']).toMatchObject({
        name: '@fixture/sdk-range',
        version: '1.0.0',
        sdk: { range: '^2.0.0', installed: '0.1.0' },
        tests: [],
      });
      // Only the built-in is loaded; the clashing plugin did not replace its psi.
      expect(list.filter((p) => p.status === 'loaded').map((p) => p.name)).toEqual([
        '@sextant/plugin-stattests',
      ]);
      expect(host.where('psi')).toBe('in-process');
      // No third-party plugin loaded: no worker pool is kept.
      expect(host.pool).toBeNull();
    } finally {
      await host.close();
    }
  });

  it('validates params in this thread, and never runs third-party code here', async () => {
    const host = await PluginHost.start({ folders: [exampleFolder] });
    try {
      const entry = host.registry.require('mean_shift', 'tests.x.test');
      expect(entry.plugin.name).toBe('@sextant/plugin-example-drift');
      expect(entry.test.parseParams({})).toEqual({ minStd: 0.001 });
      expect(() => entry.test.parseParams({ minStd: 0 })).toThrow(InvalidParamsError);
      // The registry holds a stand-in: executing it here is refused, loudly.
      expect(() => entry.test.execute(reference, current)).toThrow(
        /runs in the plugin worker pool/,
      );
      // Through the runner, bad params fail that call only.
      const bad = await host.runner.run('mean_shift', reference, current, { minStd: -1 });
      expect(bad).toMatchObject({ reason: 'threw', error: expect.stringMatching(/minStd/) });
    } finally {
      await host.close();
    }
  });
});

describe('isolation: a faulty plugin fails only its own result', () => {
  let host: PluginHost;
  const TIMEOUT_MS = 1500;

  beforeAll(async () => {
    host = await PluginHost.start({
      folders: [MISBEHAVING, exampleFolder],
      timeoutMs: TIMEOUT_MS,
      maxMemoryMb: 64,
      threads: 2,
    });
    expect(host.list().filter((p) => p.status === 'refused')).toEqual([]);
  });
  afterAll(async () => {
    await host.close();
  });

  /** The service still answers: the example plugin's test, right, in the pool. */
  async function stillAnswers() {
    const r = expectResult(await host.runner.run('mean_shift', reference, current));
    expect(r.statistic).toBe(await expectedMeanShift());
  }

  it('a test that throws', async () => {
    const r = await host.runner.run('always_throws', reference, current);
    expect(r).toEqual({
      reason: 'threw',
      error: "drift test 'always_throws': RangeError: this plugin fails on purpose",
    });
    await stillAnswers();
  });

  it('a test that never returns is stopped at the time limit, and other calls go on meanwhile', async () => {
    const started = performance.now();
    const hanging = host.runner.run('never_returns', reference, current);
    // While one worker spins, the other answers.
    await stillAnswers();
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
    const r = await hanging;
    const elapsed = performance.now() - started;
    expect(r).toEqual({
      reason: 'timeout',
      error: `drift test 'never_returns' timed out after ${TIMEOUT_MS} ms; its worker was stopped`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
    await stillAnswers();
  });

  it('a test that allocates without bound hits the heap limit', async () => {
    const r = await host.runner.run('allocates_forever', reference, current);
    expect(r).toEqual({
      reason: 'out-of-memory',
      error:
        "drift test 'allocates_forever' exceeded the worker heap limit (64 MB); its worker was stopped",
    });
    await stillAnswers();
  });

  it('a test that calls process.exit ends its worker only', async () => {
    const before = host.pool!.threadIds;
    const r = await host.runner.run('exits_process', reference, current);
    expect(r).toEqual({
      reason: 'worker-exited',
      error: "drift test 'exits_process': the plugin ended its worker (worker exited with code: 7)",
    });
    await stillAnswers();
    // The worker that exited is gone; piscina starts others as calls need them.
    expect(before.some((id) => !host.pool!.threadIds.includes(id))).toBe(true);
  });

  it('every fault at once, beside good calls', async () => {
    const calls = [
      'always_throws',
      'mean_shift',
      'exits_process',
      'mean_shift',
      'allocates_forever',
      'mean_shift',
    ].map((name) => host.runner.run(name, reference, current));
    const results = await Promise.all(calls);
    expect(results.map((r) => (isDriftRunError(r) ? r.reason : 'ok'))).toEqual([
      'threw',
      'ok',
      'worker-exited',
      'ok',
      'out-of-memory',
      'ok',
    ]);
  });

  it('a call the caller aborts', async () => {
    const controller = new AbortController();
    const call = host.runner.run(
      'never_returns',
      reference,
      current,
      {},
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 100);
    expect(await call).toMatchObject({ reason: 'aborted' });
    await stillAnswers();
  });

  it('moves the current window to the worker when asked (transfer), with the same result', async () => {
    const moved = Float64Array.from(current);
    const r = expectResult(
      await host.runner.run('mean_shift', reference, moved, {}, { transfer: true }),
    );
    expect(r.statistic).toBe(await expectedMeanShift());
    expect(moved.length).toBe(0); // detached: it now belongs to the worker
  });

  it('answers an unknown test with an error result', async () => {
    expect(await host.runner.run('nope', reference, current)).toMatchObject({
      reason: 'unknown-test',
    });
  });
});

describe('monitoring.plugins.list', () => {
  let db: TestDatabase;
  let home: string;
  let running: RunningPlatform;
  let key: string;
  const client = (k: string) =>
    createTRPCClient<MonitoringRouter>({
      links: [
        httpLink({
          url: `${running.url}/trpc/monitoring`,
          headers: { authorization: `Bearer ${k}` },
        }),
      ],
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    home = await mkdtemp(path.join(tmpdir(), 'sextant-monitoring-'));
    running = await startPlatform({
      services: [
        createMonitoringService({
          plugins: { folders: [exampleFolder, REFUSED] },
        }),
      ],
      databaseUrl: db.url,
      home,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
    });
    key = (await bootstrapAdmin(running.platform.db.prisma))!.key;
    const platform = createTRPCClient<PlatformRouter>({
      links: [
        httpLink({
          url: `${running.url}/trpc/platform`,
          headers: { authorization: `Bearer ${key}` },
        }),
      ],
    });
    await platform.projects.create.mutate({ slug: 'ml', name: 'ML' });
  });
  afterAll(async () => {
    await running?.close();
    await db?.drop();
    await rm(home, { recursive: true, force: true });
  });

  it('lists the installed plugins with their tests, as the console shows them', async () => {
    const { plugins } = await client(key).plugins.list.query({ project: 'ml' });
    const builtIn = byName(plugins, '@sextant/plugin-stattests');
    expect(builtIn).toMatchObject({
      status: 'loaded',
      source: { kind: 'built-in' },
      isolation: 'in-process',
      path: null,
    });
    expect(builtIn.tests.map((t) => t.name)).toEqual(expect.arrayContaining(['psi', 'ks']));
    expect(byName(plugins, '@sextant/plugin-example-drift')).toMatchObject({
      status: 'loaded',
      isolation: 'worker-pool',
      tests: [
        expect.objectContaining({ name: 'mean_shift', direction: 'distance' }),
        expect.objectContaining({ name: 'bhattacharyya', supports: ['categorical', 'binary'] }),
      ],
    });
    expect(byName(plugins, '@fixture/sdk-range')).toMatchObject({
      status: 'refused',
      reason: 'sextant.sdk wants @sextant/plugin-sdk ^2.0.0, but 0.1.0 is installed',
    });
  });

  it('runs the plugin in its worker pool', async () => {
    const host = running.app.get(PluginHost, { strict: false });
    expect(await host.runner.run('mean_shift', reference, current)).toMatchObject({
      statistic: await expectedMeanShift(),
    });
    expect(host.pool!.threadIds.length).toBeGreaterThan(0);
  });

  it('needs a project the caller can view', async () => {
    const call = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return 200;
      } catch (error) {
        if (!(error instanceof TRPCClientError)) throw error;
        return (error.data as { httpStatus: number }).httpStatus;
      }
    };
    expect(await call(client('sx_not_a_key').plugins.list.query({ project: 'ml' }))).toBe(401);
    expect(await call(client(key).plugins.list.query({ project: 'No Such' }))).toBe(400);
  });

  it('stops the worker pool when the service stops', async () => {
    const host = running.app.get(PluginHost, { strict: false });
    await running.close();
    expect(await host.runner.run('mean_shift', reference, current)).toMatchObject({
      reason: 'closed',
    });
  });
});
