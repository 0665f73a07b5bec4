import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createClient } from '@sextant/client';
import { type RunningProcess, freePort, launchChromium, startNode } from '@sextant/testing';

/**
 * A new user's first minutes: `sextant up` (what `npm start` runs) on a machine with nothing set
 * up — embedded PostgreSQL, in-process bus — then the console in Chromium, the CLI and the API.
 */
const cli = path.resolve(__dirname, '../dist/main.js');
const screenshots = path.resolve(__dirname, '../test-results');
const KEY = /(sx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})/;

describe('standalone platform (sextant up)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let up: RunningProcess;
  let apiUrl: string;
  let consoleUrl: string;
  let adminKey: string;
  let browser: Browser;

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
    browser = await launchChromium();
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await up?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('prints the API and console URLs and, on first start, an admin key', () => {
    const out = up.output();
    expect(out).toContain(`API      ${apiUrl}`);
    expect(out).toContain(`Console  ${consoleUrl}`);
    expect(out).toContain('pglite database, memory bus');
    expect(adminKey).toMatch(KEY);
  });

  it('shows the four services healthy on the console home page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(consoleUrl);
      for (const name of ['tracking', 'serving', 'pipelines', 'monitoring']) {
        const card = page.getByTestId(`service-${name}`);
        await card.and(page.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
        await expect(card.textContent()).resolves.toContain('pglite');
      }
      const nav = await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link')
        .allTextContents();
      expect(nav).toEqual(
        expect.arrayContaining([
          'Experiments',
          'Models',
          'Deployments',
          'Pipelines',
          'Monitoring',
          'Settings',
        ]),
      );
      await page.screenshot({ path: path.join(screenshots, 'console-home.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('navigates to each section of the console', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(consoleUrl);
      await page.getByRole('link', { name: 'Models' }).click();
      await page.getByRole('heading', { name: 'Models' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/models');
      expect(await page.getByRole('link', { name: 'Models' }).getAttribute('aria-current')).toBe(
        'page',
      );
    } finally {
      await page.close();
    }
  });

  it('answers the typed client through the API and through the console proxy', async () => {
    for (const url of [apiUrl, consoleUrl]) {
      const client = createClient({ url, apiKey: adminKey });
      await expect(client.platform.whoami.query()).resolves.toMatchObject({
        role: 'admin',
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
    expect(result.stdout).toMatch(/^tracking\s+ok\s+db=pglite:ok bus=memory:ok$/m);
  });

  it('keeps its data across a restart and prints no key the second time', async () => {
    expect(await up.stop()).toBe(0);
    up = startNode(cli, ['up'], { ...env, SEXTANT_CONSOLE: '0' });
    await up.waitFor(/Sextant is ready/, 120_000);
    expect(up.output()).not.toMatch(KEY);
    const client = createClient({ url: apiUrl, apiKey: adminKey });
    await expect(client.platform.whoami.query()).resolves.toMatchObject({ role: 'admin' });
  });
});
