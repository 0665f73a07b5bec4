import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRun, startRun } from '@sextant/client/training';
import { cli, sextantIn } from './seed/cli-process';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('the tracking commands of the sextant CLI', () => {
  let p: TrackingPlatform;
  let scratch: string;
  let env: Record<string, string>;
  /** Runs of experiment `cli-sweep` in project `ml`: depth 4 (acc 0.9) and depth 8 (acc 0.95). */
  let shallow: string;
  let deep: string;
  const sextant = (args: string[], options?: Parameters<typeof sextantIn>[2]) =>
    sextantIn(env, args, options);
  const json = async (args: string[], options?: Parameters<typeof sextantIn>[2]) => {
    const result = await sextant([...args, '--json'], options);
    return { ...result, doc: JSON.parse(result.stdout) as Record<string, unknown> };
  };

  beforeAll(async () => {
    if (!existsSync(cli)) {
      throw new Error(`${cli} is missing: build first (npx turbo run build --filter=@sextant/cli)`);
    }
    p = await startTrackingPlatform('ml');
    scratch = await mkdtemp(path.join(os.tmpdir(), 'sextant-tracking-cli-'));
    await mkdir(path.join(scratch, 'config'));
    env = {
      SEXTANT_URL: p.url,
      SEXTANT_API_KEY: p.key,
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
      HOME: path.join(scratch, 'config'),
    };
    const connection = { url: p.url, apiKey: p.key };
    const make = (name: string, depth: number, acc: number) =>
      startRun(connection, { project: 'ml', experiment: 'cli-sweep', name }, (run) => {
        run.logParams({ depth, lr: 0.1 });
        run.logMetric('acc', acc);
        run.logMetrics({ loss: 1 - acc }, { step: 7 });
      });
    shallow = (await make('shallow', 4, 0.9)).id;
    deep = (await make('deep', 8, 0.95)).id;
  });

  afterAll(async () => {
    await p?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('runs list', () => {
    it('shows a table of the runs with their metrics and params', async () => {
      const result = await sextant(['runs', 'list', '--project', 'ml']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const [header, ...rows] = result.stdout.trimEnd().split('\n');
      expect(header!.split(/\s{2,}/)).toEqual([
        'ID',
        'NAME',
        'STATUS',
        'START (UTC)',
        'metrics.acc',
        'metrics.loss',
        'params.depth',
        'params.lr',
      ]);
      // Newest first by default.
      expect(rows[0]!.split(/\s{2,}/)).toEqual([
        deep.slice(0, 8),
        'deep',
        'finished',
        expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        '0.95',
        '0.05',
        '8',
        '0.1',
      ]);
      expect(rows[1]).toContain('shallow');
      expect(rows.at(-1)).toBe('2 of 2 runs');
    });

    it('filters, orders, limits and picks columns', async () => {
      const ordered = await sextant([
        'runs',
        'list',
        '--project',
        'ml',
        '--order-by',
        'metrics.acc ASC',
        '--columns',
        'metrics.acc,params.depth',
      ]);
      expect(ordered.code).toBe(0);
      const lines = ordered.stdout.trimEnd().split('\n');
      expect(lines[0]!.split(/\s{2,}/)).toEqual([
        'ID',
        'NAME',
        'STATUS',
        'START (UTC)',
        'metrics.acc',
        'params.depth',
      ]);
      expect(lines.slice(1, 3).map((l) => l.split(/\s{2,}/)[1])).toEqual(['shallow', 'deep']);

      const filtered = await json([
        'runs',
        'list',
        '--project',
        'ml',
        '--filter',
        "params.depth = '8'",
      ]);
      expect(filtered.code).toBe(0);
      expect(filtered.doc).toMatchObject({ total: 1, nextCursor: null });
      expect((filtered.doc['runs'] as { id: string }[]).map((r) => r.id)).toEqual([deep]);

      const limited = await json(['runs', 'list', '--project', 'ml', '--limit', '1']);
      expect(limited.doc['runs']).toHaveLength(1);
      expect(limited.doc).toMatchObject({ total: 2, nextCursor: expect.any(String) });
      const page = await sextant(['runs', 'list', '--project', 'ml', '--limit', '1']);
      expect(page.stdout.trimEnd().split('\n').at(-1)).toBe('1 of 2 runs (more with --limit)');
    });

    it('points at the fault of a bad filter, and reports it as the API’s 400 with --json', async () => {
      const filter = 'metrics.acc >> 0.5';
      const result = await sextant(['runs', 'list', '--project', 'ml', '--filter', filter]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const [message, shown, caret] = result.stderr.trimEnd().split('\n');
      expect(message).toMatch(/^sextant: Invalid filter at position 13: /);
      expect(shown).toBe(`  ${filter}`);
      // The caret sits under character 13 of the filter (the second ">").
      expect(caret).toBe(`  ${' '.repeat(13)}^`);

      const asJson = await json(['runs', 'list', '--project', 'ml', '--filter', filter]);
      expect(asJson.code).toBe(1);
      expect(asJson.doc).toEqual({
        error: {
          message: expect.stringContaining('position 13'),
          code: 'BAD_REQUEST',
          httpStatus: 400,
        },
      });
    });

    it('takes the project from --project, else SEXTANT_PROJECT, else "default"', async () => {
      const fromEnv = await json(['runs', 'list'], { extraEnv: { SEXTANT_PROJECT: 'ml' } });
      expect(fromEnv.doc['total']).toBe(2);
      const flagWins = await json(['runs', 'list', '--project', 'default'], {
        extraEnv: { SEXTANT_PROJECT: 'ml' },
      });
      expect(flagWins.doc['total']).toBe(0);
      const fallback = await sextant(['runs', 'list']);
      expect(fallback).toMatchObject({ code: 0, stdout: 'no runs in project "default"\n' });
      const missing = await json(['runs', 'list', '--project', 'no-such-project']);
      expect(missing.code).toBe(1);
      expect(missing.doc).toMatchObject({ error: { httpStatus: expect.any(Number) } });
    });
  });

  describe('runs show and compare', () => {
    it('shows a run: code version, params, tags, latest metrics, datasets and artifacts', async () => {
      const csv = path.join(scratch, 'tiny.csv');
      await writeFile(csv, 'x,label\n1,a\n2,b\n');
      const run = await startRun(
        { url: p.url, apiKey: p.key },
        {
          project: 'ml',
          experiment: 'show',
          name: 'shown',
          tags: { owner: 'ana' },
          code: {
            commit: 'abc123def456789',
            branch: 'main',
            repository: 'https://x/r',
            dirty: false,
          },
        },
        async (run) => {
          run.logParams({ depth: 4 });
          run.logMetric('loss', 0.5, { step: 1 });
          run.logMetric('loss', 0.25, { step: 2 });
          await run.logDataset({ name: 'tiny', file: csv, role: 'test' });
          await run.logArtifactBytes('model/model.json', '{"ok":true}');
        },
      );
      // By the short id `runs list` shows.
      const result = await sextant(['runs', 'show', run.id.slice(0, 8), '--project', 'ml']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const out = result.stdout;
      expect(out).toContain(`id          ${run.id}`);
      expect(out).toContain('experiment  show');
      expect(out).toContain('status      finished');
      expect(out).toContain('code        abc123def456 on main of https://x/r');
      expect(out).toMatch(/params\n {2}depth {2}4\n/);
      expect(out).toMatch(/tags\n {2}owner {2}ana\n/);
      expect(out).toMatch(/metrics \(latest\)\n {2}loss {2}0\.25 {2}step 2\n/);
      expect(out).toMatch(/datasets\n {2}tiny {2}v1 {2}test {2}sha256 [0-9a-f]{12}\n/);
      expect(out).toMatch(/model\/model\.json\s+11 B\n/);

      const asJson = await json(['runs', 'show', run.id, '--project', 'ml']);
      expect(asJson.doc).toMatchObject({
        id: run.id,
        params: { depth: '4' },
        metrics: { loss: 0.25 },
        inputs: [expect.objectContaining({ name: 'tiny', role: 'test' })],
        artifacts: expect.arrayContaining([
          expect.objectContaining({
            path: 'model/model.json',
            size: 11,
            sha256: sha256('{"ok":true}'),
          }),
        ]),
      });
    });

    it('compares runs side by side and marks the params that differ', async () => {
      const result = await sextant(['runs', 'compare', shallow, deep, '--project', 'ml']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const rows = result.stdout.trimEnd().split('\n');
      const row = (label: string) =>
        rows.find((r) => r.replace(/^[*\s]+/, '').startsWith(`${label} `))!;
      expect(rows[0]!.trim().split(/\s{2,}/)).toEqual(['shallow', 'deep']);
      expect(row('depth').startsWith('*')).toBe(true);
      expect(
        row('depth')
          .split(/\s{2,}/)
          .slice(-2),
      ).toEqual(['4', '8']);
      expect(row('lr').startsWith('*')).toBe(false);
      expect(
        row('acc')
          .split(/\s{2,}/)
          .slice(-2),
      ).toEqual(['0.9', '0.95']);
      expect(rows.at(-1)).toBe('* the runs differ in this param');

      const asJson = await json(['runs', 'compare', shallow, deep, '--project', 'ml']);
      expect(asJson.doc['params']).toEqual([
        { key: 'depth', values: ['4', '8'], differs: true },
        { key: 'lr', values: ['0.1', '0.1'], differs: false },
      ]);
    });

    it('refuses bad input with exit code 2 before calling the API, and API refusals with 1', async () => {
      expect((await sextant(['runs', 'compare', shallow, '--project', 'ml'])).code).toBe(2);
      expect((await sextant(['runs', 'show', '--project', 'ml'])).code).toBe(2);
      expect((await sextant(['runs', 'show', 'not-an-id!', '--project', 'ml'])).code).toBe(2);
      expect((await sextant(['runs', 'list', '--limit', 'ten'])).code).toBe(2);
      expect((await sextant(['runs', 'list', '--no-such-flag'])).code).toBe(2);
      expect((await sextant(['runs', 'list', '--columns', 'acc'])).code).toBe(2);
      expect((await sextant(['runs', 'list', '--view', 'archived'])).code).toBe(2);
      expect((await sextant(['runs', 'frobnicate'])).code).toBe(2);
      const usage = await json(['runs']);
      expect(usage).toMatchObject({ code: 2, doc: { error: { code: 'USAGE' } } });
      expect(String((usage.doc['error'] as { message: string }).message)).toContain(
        'list, show, compare',
      );

      const unknown = await json([
        'runs',
        'show',
        '00000000-0000-4000-8000-000000000000',
        '--project',
        'ml',
      ]);
      expect(unknown).toMatchObject({ code: 1, doc: { error: { httpStatus: 404 } } });
      const noKey = await sextantIn({ ...env, SEXTANT_API_KEY: '' }, ['runs', 'list']);
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toContain('not signed in');
    });
  });

  describe('log-metric', () => {
    it('logs one point, negative numbers, NaN and ±Infinity included', async () => {
      const run = await createRun(
        { url: p.url, apiKey: p.key },
        { project: 'ml', experiment: 'points' },
      );
      const ok = await sextant([
        'log-metric',
        run.id,
        'loss',
        '-0.5',
        '--step',
        '-1',
        '--project',
        'ml',
      ]);
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toBe(`logged loss = -0.5 at step -1 to run ${run.id.slice(0, 8)}\n`);
      expect(
        (await sextant(['log-metric', run.id, 'loss', 'NaN', '--step', '2', '--project', 'ml']))
          .code,
      ).toBe(0);
      expect(
        (
          await sextant([
            'log-metric',
            run.id,
            'loss',
            '-Infinity',
            '--step',
            '3',
            '--project',
            'ml',
          ])
        ).code,
      ).toBe(0);
      const logged = await json([
        'log-metric',
        run.id,
        'loss',
        'inf',
        '--step',
        '4',
        '--timestamp',
        '1700000000000',
        '--project',
        'ml',
      ]);
      expect(logged.doc).toEqual({
        runId: run.id,
        key: 'loss',
        value: 'Infinity',
        step: 4,
        timestamp: 1700000000000,
      });

      const bad = await sextant(['log-metric', run.id, 'loss', 'zero', '--project', 'ml']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('not a metric value');
      expect((await sextant(['log-metric', run.id, 'bad;key', '1', '--project', 'ml'])).code).toBe(
        2,
      );
      expect(
        (await sextant(['log-metric', run.id, 'loss', '1', '--step', '1.5', '--project', 'ml']))
          .code,
      ).toBe(2);

      const history = await p.admin.tracking.metrics.history.query({
        project: 'ml',
        runId: run.id,
        key: 'loss',
      });
      expect(history.points.map((pt) => [pt.step, pt.value])).toEqual([
        [-1, -0.5],
        [2, 'NaN'],
        [3, '-Infinity'],
        [4, 'Infinity'],
      ]);
      expect(history.points.at(-1)!.timestamp).toBe(1700000000000);
      await run.end();
    });
  });

  describe('artifacts', () => {
    let runId: string;
    let outside: string;
    beforeAll(async () => {
      runId = (
        await createRun({ url: p.url, apiKey: p.key }, { project: 'ml', experiment: 'files' })
      ).id;
      outside = path.join(scratch, 'outside');
      await mkdir(outside);
      await writeFile(path.join(outside, 'secret.txt'), 'outside the folder');
    });

    const put = (args: string[]) =>
      sextant(['artifacts', 'put', runId, ...args, '--project', 'ml']);
    const get = (args: string[]) =>
      sextant(['artifacts', 'get', runId, ...args, '--project', 'ml']);
    const listed = async () =>
      (await p.admin.tracking.artifacts.list.query({ project: 'ml', runId })).map((a) => a.path);

    it('puts a file and gets it back byte for byte, to a file or into a folder', async () => {
      const bytes = randomBytes(300_000);
      const file = path.join(scratch, 'weights.bin');
      await writeFile(file, bytes);
      const up = await put([file, 'model/weights.bin']);
      expect(up).toMatchObject({ code: 0, stderr: '' });
      expect(up.stdout).toContain(
        `uploaded model/weights.bin (293 KiB, sha256 ${sha256(bytes).slice(0, 12)})`,
      );

      const dest = path.join(scratch, 'got-one');
      await mkdir(dest);
      expect((await get(['model/weights.bin', dest])).code).toBe(0);
      expect((await readFile(path.join(dest, 'weights.bin'))).equals(bytes)).toBe(true);
      const newFolder = path.join(scratch, 'new-folder');
      expect((await get(['model/weights.bin', `${newFolder}/`])).code).toBe(0);
      expect((await readFile(path.join(newFolder, 'weights.bin'))).equals(bytes)).toBe(true);
      const renamed = path.join(scratch, 'renamed.bin');
      expect((await get(['model/weights.bin', renamed])).code).toBe(0);
      expect((await readFile(renamed)).equals(bytes)).toBe(true);

      // Without a dest: into the current folder, under its name.
      const cwd = await mkdtemp(path.join(scratch, 'cwd-'));
      const inCwd = await sextant(
        ['artifacts', 'get', runId, 'model/weights.bin', '--project', 'ml'],
        { cwd },
      );
      expect(inCwd.code).toBe(0);
      expect((await readFile(path.join(cwd, 'weights.bin'))).equals(bytes)).toBe(true);

      const list = await sextant(['artifacts', 'list', runId, '--project', 'ml']);
      expect(list.stdout).toMatch(/model\/weights\.bin\s+293 KiB\s+[0-9a-f]{12}/);
    });

    it('puts a folder recursively with its relative paths, and gets the folder back', async () => {
      const dir = path.join(scratch, 'report');
      await mkdir(path.join(dir, 'plots', 'roc'), { recursive: true });
      await writeFile(path.join(dir, 'index.html'), '<h1>report</h1>');
      await writeFile(path.join(dir, 'plots', 'pr.svg'), '<svg/>');
      await writeFile(path.join(dir, 'plots', 'roc', 'curve data.csv'), 'fpr,tpr\n0,0\n1,1\n');
      const up = await json(['artifacts', 'put', runId, dir, 'reports/v1', '--project', 'ml']);
      expect(up.code).toBe(0);
      expect((up.doc['uploaded'] as { path: string }[]).map((a) => a.path)).toEqual([
        'reports/v1/index.html',
        'reports/v1/plots/pr.svg',
        'reports/v1/plots/roc/curve data.csv',
      ]);

      const dest = path.join(scratch, 'report-back');
      const down = await get(['reports/v1', dest]);
      expect(down).toMatchObject({ code: 0, stderr: '' });
      expect(await readFile(path.join(dest, 'index.html'), 'utf8')).toBe('<h1>report</h1>');
      expect(await readFile(path.join(dest, 'plots', 'pr.svg'), 'utf8')).toBe('<svg/>');
      expect(await readFile(path.join(dest, 'plots', 'roc', 'curve data.csv'), 'utf8')).toBe(
        'fpr,tpr\n0,0\n1,1\n',
      );
      expect(await readdir(dest)).toEqual(['index.html', 'plots']);

      const missing = await get(['reports/v2', dest]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no artifact or folder "reports/v2"');
    });

    it('never follows a symbolic link when putting: inside a folder it is skipped with a warning', async () => {
      const dir = path.join(scratch, 'with-links');
      await mkdir(dir);
      await writeFile(path.join(dir, 'real.txt'), 'real');
      await symlink('/etc/passwd', path.join(dir, 'passwd'));
      await symlink(outside, path.join(dir, 'linked-dir'));
      const up = await put([dir, 'linked']);
      expect(up.code).toBe(0);
      expect(up.stderr).toContain(
        `warning: skipped ${path.join(dir, 'passwd')} (a symbolic link: not followed)`,
      );
      expect(up.stderr).toContain(`warning: skipped ${path.join(dir, 'linked-dir')}`);
      expect((await listed()).filter((a) => a.startsWith('linked/'))).toEqual(['linked/real.txt']);

      // A symbolic link given as the file itself: nothing is uploaded, exit 1.
      const direct = await put([path.join(dir, 'passwd'), 'passwd']);
      expect(direct.code).toBe(1);
      expect(direct.stderr).toContain('is a symbolic link: not followed, nothing uploaded');
      expect((await listed()).filter((a) => a.includes('passwd') || a.includes('secret'))).toEqual(
        [],
      );
    });

    it('never writes through a symbolic link planted in the destination, nor outside it', async () => {
      await put([path.join(scratch, 'report'), 'planted']);
      const victim = path.join(outside, 'secret.txt');

      // A link where a file will be written.
      const dest = path.join(scratch, 'planted-file');
      await mkdir(dest);
      await symlink(victim, path.join(dest, 'index.html'));
      const overFile = await get(['planted', dest]);
      expect(overFile.code).toBe(1);
      expect(overFile.stderr).toContain('refusing to write through the symbolic link');
      expect(await readFile(victim, 'utf8')).toBe('outside the folder');

      // A link where a folder will be made.
      const dest2 = path.join(scratch, 'planted-dir');
      await mkdir(dest2);
      await symlink(outside, path.join(dest2, 'plots'));
      const overDir = await get(['planted', dest2]);
      expect(overDir.code).toBe(1);
      expect(overDir.stderr).toContain('refusing to write through the symbolic link');
      expect((await readdir(outside)).sort()).toEqual(['secret.txt']);

      // A single file whose destination is a link.
      const link = path.join(scratch, 'link-to-secret');
      await symlink(victim, link);
      const single = await get(['planted/index.html', link]);
      expect(single.code).toBe(1);
      expect(await readFile(victim, 'utf8')).toBe('outside the folder');
    });

    it('reports a bad artifact path as the API’s 400, and an unknown run before uploading', async () => {
      const file = path.join(scratch, 'small.txt');
      await writeFile(file, 'x');
      // `..` would be resolved away by URL parsing, so the client refuses it before sending.
      const dots = await put([file, 'a/../../b']);
      expect(dots.code).toBe(1);
      expect(dots.stderr).toContain('Invalid artifact path "a/../../b"');
      const bad = await json(['artifacts', 'put', runId, file, 'a\\b', '--project', 'ml']);
      expect(bad.code).toBe(1);
      expect(bad.doc).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      expect(await listed()).not.toEqual(expect.arrayContaining(['b']));
      expect(await listed()).not.toEqual(expect.arrayContaining(['a\\b']));
      const noRun = await json([
        'artifacts',
        'put',
        '00000000-0000-4000-8000-000000000000',
        file,
        '--project',
        'ml',
      ]);
      expect(noRun).toMatchObject({ code: 1, doc: { error: { httpStatus: 404 } } });
      expect(
        (await sextant(['artifacts', 'put', runId, path.join(scratch, 'nope'), '--project', 'ml']))
          .code,
      ).toBe(1);
      expect((await sextant(['artifacts', 'put', runId, '--project', 'ml'])).code).toBe(2);
    });
  });
});
