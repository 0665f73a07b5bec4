import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@sextant/client';
import { type RunningProcess, freePort, startNode } from '@sextant/testing';

/**
 * A new user's first minutes: `sextant up` (what `npm start` runs) on a machine with nothing set
 * up — embedded PostgreSQL, the database-log bus — then the API, the console's proxy and the CLI
 * (the console in Chromium: console-identity.e2e-spec.ts).
 */
const cli = path.resolve(__dirname, '../dist/main.js');
const KEY = /(sx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})/;

describe('standalone platform (sextant up)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let up: RunningProcess;
  let apiUrl: string;
  let consoleUrl: string;
  let adminKey: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'sx-home-'));
    const [apiPort, consolePort] = [await freePort(), await freePort()];
    const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...rest } = process.env;
    env = {
      ...rest,
      SEXTANT_HOME: home,
      PORT: String(apiPort),
      CONSOLE_PORT: String(consolePort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    apiUrl = `http://127.0.0.1:${apiPort}`;
    consoleUrl = `http://127.0.0.1:${consolePort}`;
    up = startNode(cli, ['up'], env);
    await up.waitFor(/Sextant is ready/, 240_000);
    adminKey = up.output().match(KEY)?.[1] ?? '';
  });

  afterAll(async () => {
    await up?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('prints the API and console URLs and, on first start, an admin key', () => {
    const out = up.output();
    expect(out).toContain(`API      ${apiUrl}`);
    expect(out).toContain(`Console  ${consoleUrl}`);
    expect(out).toContain('pglite database, database bus');
    expect(adminKey).toMatch(KEY);
  });

  it('answers the typed client through the API and through the console proxy', async () => {
    for (const url of [apiUrl, consoleUrl]) {
      const client = createClient({ url, apiKey: adminKey });
      await expect(client.platform.whoami.query()).resolves.toMatchObject({
        isAdmin: true,
        email: 'admin@sextant.local',
      });
      await expect(client.serving.health.query()).resolves.toMatchObject({
        status: 'ok',
        db: { kind: 'pglite' },
      });
    }
  });

  it('reports health from the sextant CLI', () => {
    const result = spawnSync(process.execPath, [cli, 'health', '--url', apiUrl], {
      env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(4);
    expect(result.stdout).toMatch(/^tracking\s+ok\s+db=pglite:ok bus=database:ok$/m);
  });

  it('keeps its data across a restart and prints no key the second time', async () => {
    expect(await up.stop()).toBe(0);
    up = startNode(cli, ['up'], { ...env, SEXTANT_CONSOLE: '0' });
    await up.waitFor(/Sextant is ready/, 120_000);
    expect(up.output()).not.toMatch(KEY);
    const client = createClient({ url: apiUrl, apiKey: adminKey });
    await expect(client.platform.whoami.query()).resolves.toMatchObject({ isAdmin: true });
  });
});
