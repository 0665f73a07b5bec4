import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TRPCClientError, createClient } from '@sextant/client';
import { type RunningProcess, freePort, launchChromium, startNode } from '@sextant/testing';

/**
 * Issue 5's acceptance, as a new user lives it: the first `sextant up` prints a one-time password;
 * the admin signs in with it, chooses a password, makes a project, a user, a membership and an API
 * key in Settings, and signs out; the new user signs in as a viewer, sees the project and cannot
 * change it — the console says why, and the API refuses anyway. A screenshot of each step goes to
 * test-results/.
 */
const cli = path.resolve(__dirname, '../dist/main.js');
const screenshots = path.resolve(__dirname, '../test-results');
const KEY = /(sx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})/;
const ONE_TIME_PASSWORD = /One-time password\s+(\S+)/;
const ADMIN = 'admin@sextant.local';
const ADMIN_PASSWORD = 'correct horse battery staple';
const VIEWER = 'viewer@example.com';
const VIEWER_PASSWORD = 'a viewer’s own long password';
const PROJECT = { slug: 'fraud', name: 'Fraud detection' };

describe('console sign-in and settings (sextant up)', () => {
  let home: string;
  let up: RunningProcess;
  let apiUrl: string;
  let consoleUrl: string;
  let adminKey: string;
  let adminOneTimePassword: string;
  let viewerOneTimePassword: string;
  let projectKey: string;
  let browser: Browser;
  let admin: BrowserContext;
  let viewer: BrowserContext;
  let adminPage: Page;
  let viewerPage: Page;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(screenshots, `identity-${name}.png`), fullPage: true });
  const pathOf = (page: Page) => new URL(page.url()).pathname;
  // The message beside a form (Next's route announcer is an alert too, so name the kind).
  const formAlert = (page: Page) => page.getByRole('alert').and(page.locator('.form-error'));

  async function signIn(page: Page, email: string, password: string) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function changePassword(page: Page, current: string, next: string) {
    await page.getByLabel('Current password').fill(current);
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('Confirm new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
  }

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'sx-home-'));
    const [apiPort, consolePort] = [await freePort(), await freePort()];
    const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...rest } = process.env;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    consoleUrl = `http://127.0.0.1:${consolePort}`;
    up = startNode(cli, ['up'], {
      ...rest,
      SEXTANT_HOME: home,
      PORT: String(apiPort),
      CONSOLE_PORT: String(consolePort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    await up.waitFor(/Sextant is ready/, 240_000);
    adminKey = up.output().match(KEY)?.[1] ?? '';
    adminOneTimePassword = up.output().match(ONE_TIME_PASSWORD)?.[1] ?? '';
    browser = await launchChromium();
    admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: consoleUrl });
    viewer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    adminPage = await admin.newPage();
    viewerPage = await viewer.newPage();
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await up?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('prints a one-time password for the first admin', () => {
    expect(up.output()).toContain(`an admin was created (${ADMIN})`);
    expect(adminOneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  });

  it('sends a visitor to sign in, and keeps them there after a wrong password', async () => {
    await adminPage.goto(`${consoleUrl}/settings/users`);
    await adminPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(pathOf(adminPage)).toBe('/sign-in');
    expect(await adminPage.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await signIn(adminPage, ADMIN, 'not-the-password');
    await expect(formAlert(adminPage).textContent()).resolves.toBe('Wrong email or password');
    expect(pathOf(adminPage)).toBe('/sign-in');
    expect((await admin.cookies()).map((c) => c.name)).not.toContain('sx_session');
    await shot(adminPage, '01-wrong-password');

    // Guessing is throttled per email: five failures (here through the API), then the form says so.
    const anonymous = createClient({ url: apiUrl });
    for (let i = 0; i < 5; i++) {
      await expect(
        anonymous.platform.sessions.signIn.mutate({
          email: 'intruder@example.com',
          password: `guess ${i}`,
        }),
      ).rejects.toMatchObject({ data: { httpStatus: 401 } });
    }
    await signIn(adminPage, 'intruder@example.com', 'guess 5');
    await adminPage
      .getByText(/^Too many failed sign-ins for this email: try again in \d+ s$/)
      .waitFor();
    expect(pathOf(adminPage)).toBe('/sign-in');
    await shot(adminPage, '01b-sign-in-throttled');
  });

  it('signs the admin in with the printed password and asks for a new one first', async () => {
    await signIn(adminPage, ADMIN, adminOneTimePassword);
    await adminPage.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(pathOf(adminPage)).toBe('/account/password');
    const cookie = (await admin.cookies()).find((c) => c.name === 'sx_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);

    // Another page is no way around it.
    await adminPage.goto(`${consoleUrl}/settings/projects`);
    await adminPage.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(pathOf(adminPage)).toBe('/account/password');
    await shot(adminPage, '02-change-password');

    await changePassword(adminPage, adminOneTimePassword, ADMIN_PASSWORD);
    await adminPage.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect(adminPage.getByTestId('signed-in-as').textContent()).resolves.toBe(ADMIN);
    // Every page now calls the API as this user; the home page shows the services' health.
    for (const name of ['tracking', 'serving', 'pipelines', 'monitoring']) {
      const card = adminPage.getByTestId(`service-${name}`);
      await card.and(adminPage.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
      await expect(card.textContent()).resolves.toContain('pglite');
    }
    await shot(adminPage, '03-signed-in');
    const nav = adminPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Models' }).click();
    await adminPage.getByRole('heading', { name: 'Models' }).waitFor();
    expect(pathOf(adminPage)).toBe('/models');
    expect(await nav.getByRole('link', { name: 'Models' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('creates a project, and names the slug when it is taken', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await adminPage
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Projects' })
      .click();
    const form = adminPage.getByRole('form', { name: 'New project' });
    await form.getByLabel('Slug').fill(PROJECT.slug);
    await form.getByLabel('Name').fill(PROJECT.name);
    await form.getByRole('button', { name: 'Create project' }).click();
    await adminPage.getByRole('link', { name: PROJECT.name }).waitFor();
    const row = adminPage.getByRole('row').filter({ hasText: PROJECT.name });
    await expect(row.textContent()).resolves.toContain('admin');

    await form.getByLabel('Slug').fill(PROJECT.slug);
    await form.getByLabel('Name').fill('Another one');
    await form.getByRole('button', { name: 'Create project' }).click();
    await formAlert(adminPage).waitFor();
    expect(await form.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true');
    expect(await adminPage.getByRole('link', { name: 'Another one' }).count()).toBe(0);
    await shot(adminPage, '04-project-created');
  });

  it('creates a user and shows their one-time password once', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Users' })
      .click();
    const form = adminPage.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email').fill(VIEWER);
    await form.getByLabel('Name').fill('Vera Viewer');
    await form.getByRole('button', { name: 'Create user' }).click();
    const secret = adminPage.getByLabel('One-time password');
    await secret.waitFor();
    viewerOneTimePassword = await secret.inputValue();
    expect(viewerOneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await adminPage.getByText('it won’t be shown again').waitFor();
    const row = adminPage.getByRole('row').filter({ hasText: VIEWER });
    await expect(row.textContent()).resolves.toContain('one-time password');
    await shot(adminPage, '05-user-created');

    await adminPage.reload();
    await adminPage.getByRole('row').filter({ hasText: VIEWER }).waitFor();
    expect(await adminPage.getByLabel('One-time password').count()).toBe(0);
  });

  it('adds the user to the project as a viewer', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Projects' })
      .click();
    await adminPage.getByRole('link', { name: PROJECT.name }).click();
    await adminPage.getByRole('heading', { name: PROJECT.name }).waitFor();
    const form = adminPage.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('Email').fill(VIEWER);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Add member' }).click();
    const role = adminPage.getByLabel(`Role of ${VIEWER}`);
    await role.waitFor();
    expect(await role.inputValue()).toBe('viewer');
    expect(await adminPage.getByLabel(`Role of ${ADMIN}`).inputValue()).toBe('admin');
    await shot(adminPage, '06-member-added');
  });

  it('creates an API key for the project and shows it once, with a copy button', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'API keys' })
      .click();
    const form = adminPage.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('ci-fraud');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Project').selectOption(PROJECT.slug);
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = adminPage.getByLabel('New API key');
    await secret.waitFor();
    projectKey = await secret.inputValue();
    expect(projectKey).toMatch(KEY);
    await adminPage.getByText('it won’t be shown again').waitFor();
    await adminPage.getByRole('button', { name: 'Copy' }).click();
    await adminPage.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(adminPage.evaluate('navigator.clipboard.readText()')).resolves.toBe(projectKey);
    const prefix = KEY.exec(projectKey)![1]!.slice(3, 15);
    const row = adminPage.getByRole('row').filter({ hasText: 'ci-fraud' });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['ci-fraud', `sx_${prefix}_…`, 'viewer', PROJECT.slug]);
    expect(cells.join(' ')).not.toContain(projectKey);
    await shot(adminPage, '07-api-key-created');

    await adminPage.reload();
    await adminPage.getByRole('row').filter({ hasText: 'ci-fraud' }).waitFor();
    expect(await adminPage.getByLabel('New API key').count()).toBe(0);
  });

  it('revokes a key: it is marked revoked and stops working', async () => {
    const adminApi = createClient({ url: apiUrl, apiKey: adminKey });
    const doomed = await adminApi.platform.apiKeys.create.mutate({
      name: 'to-revoke',
      role: 'viewer',
    });
    await expect(
      createClient({ url: apiUrl, apiKey: doomed.key }).platform.whoami.query(),
    ).resolves.toMatchObject({ email: ADMIN });

    await adminPage.reload();
    await adminPage.getByRole('button', { name: 'Revoke to-revoke' }).click();
    const row = adminPage.getByRole('row').filter({ hasText: 'to-revoke' });
    await row.getByText('revoked').waitFor();
    expect(await adminPage.getByRole('button', { name: 'Revoke to-revoke' }).isDisabled()).toBe(
      true,
    );
    const refused = await createClient({ url: apiUrl, apiKey: doomed.key })
      .platform.whoami.query()
      .catch((e) => e);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ httpStatus: 401 });
  });

  it('shows the audit log a page at a time, and filtered by project', async () => {
    // More changes than one page holds (50): each key made here is one audit entry.
    const adminApi = createClient({ url: apiUrl, apiKey: adminKey });
    for (let i = 0; i < 50; i++) {
      await adminApi.platform.apiKeys.create.mutate({ name: `bulk-${i}`, role: 'viewer' });
    }
    await adminPage
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    // The audit section's own table: the API keys' table stays on screen until the route changes.
    const audit = adminPage.getByRole('region', { name: 'Audit log' });
    const rows = audit.getByRole('table').getByRole('row');
    await rows.nth(50).waitFor();
    expect(await rows.count()).toBe(1 + 50);
    await adminPage.getByRole('button', { name: 'Load more' }).click();
    await rows.nth(51).waitFor();
    const all = (await rows.allTextContents()).slice(1);
    expect(all.length).toBeGreaterThan(50);
    expect(all.length).toBeLessThan(100);
    expect(new Set(all).size).toBe(all.length);
    expect(await adminPage.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    const filter = adminPage.getByRole('form', { name: 'Filter the audit log' });
    await filter.getByLabel('Project').fill(PROJECT.slug);
    await filter.getByRole('button', { name: 'Filter' }).click();
    await rows.filter({ hasText: 'ci-fraud' }).waitFor();
    const inProject = (await rows.allTextContents()).slice(1);
    expect(inProject.every((text) => text.includes(PROJECT.slug))).toBe(true);
    expect(inProject.some((text) => text.includes(VIEWER))).toBe(true);
    expect(inProject.some((text) => text.includes('bulk-'))).toBe(false);
    await shot(adminPage, '08-audit-log');
  });

  it('signs the admin out', async () => {
    await adminPage.getByRole('button', { name: 'Sign out' }).click();
    await adminPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await admin.cookies()).map((c) => c.name)).not.toContain('sx_session');
    await adminPage.goto(`${consoleUrl}/settings/projects`);
    await adminPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(pathOf(adminPage)).toBe('/sign-in');
    await shot(adminPage, '09-signed-out');
  });

  it('signs the viewer in, who chooses a password first', async () => {
    await viewerPage.goto(consoleUrl);
    await viewerPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(viewerPage, VIEWER, viewerOneTimePassword);
    await viewerPage.getByRole('heading', { name: 'Change your password' }).waitFor();
    await changePassword(viewerPage, viewerOneTimePassword, VIEWER_PASSWORD);
    await viewerPage.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect(viewerPage.getByTestId('signed-in-as').textContent()).resolves.toBe(VIEWER);
    await shot(viewerPage, '10-viewer-signed-in');
  });

  it('shows the viewer the project, with the buttons they may not use disabled and why', async () => {
    await viewerPage.goto(`${consoleUrl}/settings/projects`);
    const row = viewerPage.getByRole('row').filter({ hasText: PROJECT.name });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('viewer');
    await expect(
      viewerPage.getByRole('button', { name: 'Create project' }).isDisabled(),
    ).resolves.toBe(true);

    await row.getByRole('link', { name: PROJECT.name }).click();
    await viewerPage.getByLabel(`Role of ${VIEWER}`).waitFor();
    const add = viewerPage.getByRole('button', { name: 'Add member' });
    expect(await add.isDisabled()).toBe(true);
    expect(await add.getAttribute('title')).toBe('Needs the admin role in this project');
    await viewerPage.getByText('Needs the admin role in this project.').waitFor();
    expect(await viewerPage.getByLabel(`Role of ${ADMIN}`).isDisabled()).toBe(true);
    expect(await viewerPage.getByRole('button', { name: `Remove ${ADMIN}` }).isDisabled()).toBe(
      true,
    );
    await shot(viewerPage, '11-viewer-project');

    await viewerPage.goto(`${consoleUrl}/settings/users`);
    await viewerPage.getByText('Only platform admins manage users.').waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Create user' }).isDisabled()).toBe(true);
  });

  it('refuses the viewer’s changes in the API: their session and a viewer key get 403', async () => {
    const attempt = { project: PROJECT.slug, email: VIEWER, role: 'admin' as const };
    // The viewer's own browser, through the console's proxy, as a forged button would send it.
    const fromBrowser = await viewerPage.evaluate(async (input) => {
      const res = await fetch('/trpc/platform/projects.members.set', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: res.status, body: (await res.json()) as { error?: { message?: string } } };
    }, attempt);
    expect(fromBrowser.status).toBe(403);
    expect(fromBrowser.body.error?.message).toContain('admin role');

    // The admin's key scoped to the project with the viewer role: it caps what the admin holds.
    const withKey = createClient({ url: consoleUrl, apiKey: projectKey });
    const refused = await withKey.platform.projects.members.set.mutate(attempt).catch((e) => e);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ httpStatus: 403 });
    await expect(
      withKey.platform.projects.members.list.query({ project: PROJECT.slug }),
    ).resolves.toHaveLength(2);

    const members = await createClient({
      url: apiUrl,
      apiKey: adminKey,
    }).platform.projects.members.list.query({ project: PROJECT.slug });
    expect(members.find((m) => m.email === VIEWER)?.role).toBe('viewer');
  });
});
