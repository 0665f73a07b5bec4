import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { logisticRegressionModel } from '@sextant/onnx';
import { launchChromium } from '@sextant/testing';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * The console's serving pages on `sextant up`, as an ML engineer uses them: the deployments list
 * with live traffic, a deployment's page (what it serves and how to call it, live traffic, the
 * shadow report), a canary change saved from the traffic editor as a new revision, a one-click
 * rollback, and a viewer who may look but not change. The platform is filled through the API:
 * a credit-risk logistic regression (4 features) registered as v1 (champion) and v2
 * (challenger), deployed with named answer fields, a decision rule and 50 % shadow, then ~50
 * `:predict` calls. Screenshots: test-results/deployments-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
const ADMIN_PASSWORD = 'every deployment is a hypothesis';
const PROJECT = 'lending';
const MODEL = 'credit-risk';
const DEPLOYMENT = 'credit-risk';
const FEATURES = ['income', 'debt', 'age', 'history_score'];
const COMMIT = '4f2a9c1e7b3d5a6f8e9d0c1b2a3f4e5d6c7b8a90';

/** Class 1 (default) score = w·x + b, class 0 score 0 (as in test/serving.int-spec.ts). */
const credit = (w: number[], b: number) =>
  Buffer.from(
    logisticRegressionModel({
      weights: [[0, 0, 0, 0], w],
      intercepts: [0, b],
      classLabels: [0, 1],
      featureNames: FEATURES,
    }),
  );
const VERSIONS = [
  { run: 'lr-v1', w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 },
  { run: 'lr-v2', w: [-0.00002, 0.0001, -0.02, -1.5], b: 0.2 },
];
/** Applicants spread around the decision threshold. */
const applicant = (i: number) => ({
  income: 20_000 + ((i * 7_919) % 80_000),
  debt: 2_000 + ((i * 3_571) % 40_000),
  age: 21 + ((i * 13) % 50),
  history_score: ((i * 37) % 100) / 100,
});

describe('console serving pages (sextant up)', () => {
  let sextant: SextantUp;
  let api: SextantClient;
  let browser: Browser;
  let page: Page;

  const shot = (step: string) =>
    page.screenshot({ path: path.join(screenshots, `deployments-${step}.png`), fullPage: true });
  const predict = (body: unknown) =>
    fetch(`${sextant.apiUrl}/v1/models/${DEPLOYMENT}:predict?project=${PROJECT}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sextant.adminKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const ref = { project: PROJECT, deployment: DEPLOYMENT };

  /** Serving learns of registry changes through events: retry until it stops answering 404. */
  async function eventually<T>(fn: () => Promise<T>, ms = 30_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        if (Date.now() > until) throw error;
        await sleep(200);
      }
    }
  }

  async function seed() {
    await api.platform.projects.create.mutate({ slug: PROJECT, name: 'Consumer lending' });
    const t = api.tracking;
    await t.experiments.create.mutate({ project: PROJECT, name: 'credit' });
    await t.models.create.mutate({ project: PROJECT, name: MODEL });
    for (const v of VERSIONS) {
      const run = await t.runs.create.mutate({
        project: PROJECT,
        experiment: 'credit',
        name: v.run,
        code: { commit: COMMIT, repository: 'https://git.example.com/ml/credit.git' },
      });
      const res = await fetch(`${sextant.apiUrl}/api/v1/runs/${run.id}/artifacts/model.onnx`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${sextant.adminKey}` },
        body: credit(v.w, v.b),
      });
      expect(res.status).toBe(201);
      await t.runs.update.mutate({ project: PROJECT, runId: run.id, status: 'finished' });
      await t.models.createVersion.mutate({
        project: PROJECT,
        model: MODEL,
        runId: run.id,
        artifactPath: 'model.onnx',
      });
    }
    const m = { project: PROJECT, model: MODEL };
    await t.models.setAlias.mutate({ ...m, alias: 'champion', version: 1, reason: 'first model' });
    await t.models.setAlias.mutate({ ...m, alias: 'challenger', version: 2, reason: 'retrained' });
    await eventually(() =>
      api.serving.deployments.create.mutate({
        project: PROJECT,
        name: DEPLOYMENT,
        model: MODEL,
        challengerAlias: 'challenger',
        shadowPercent: 50,
        outputFields: [
          { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
        ],
        decision: {
          rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
          otherwise: 'approve',
        },
        reason: 'first deployment',
      }),
    );
  }

  beforeAll(async () => {
    sextant = await startSextantUp();
    api = createClient({ url: sextant.apiUrl, apiKey: sextant.adminKey });
    await seed();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await mkdir(screenshots, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sextant?.stop();
  });

  it('signs the admin in', async () => {
    await signInFirstTime(page, sextant, ADMIN_PASSWORD);
  });

  it('explains how to create and call a deployment in a project without any', async () => {
    await page.goto(`${sextant.consoleUrl}/deployments?project=default`);
    const empty = page.getByTestId('deployments-empty');
    await empty.waitFor();
    const text = await empty.textContent();
    expect(text).toContain('serving.deployments.create.mutate');
    expect(text).toContain('outputFields');
    expect(text).toContain('decision');
    expect(text).toContain('/v1/models/credit-risk:predict?project=default');
    await shot('00-empty');
  });

  it('lists the deployment with its versions and live traffic', async () => {
    // ~50 requests with 50 % shadow: the champion answers all of them.
    for (let i = 0; i < 50; i++) {
      const res = await predict(applicant(i));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-sextant-route')).toBe('champion');
      const body = (await res.json()) as Record<string, unknown>;
      expect(['approve', 'decline']).toContain(body['decision']);
    }

    await page.goto(`${sextant.consoleUrl}/deployments?project=${PROJECT}`);
    const row = page
      .getByTestId('deployments-table')
      .locator(`tr[data-deployment="${DEPLOYMENT}"]`);
    await row.waitFor();
    // Req/s over the last minute: 50 requests make about 0.83 (at least one reading of it).
    const rps = row.getByTestId('req-per-second');
    await rps.filter({ hasText: /^\d/ }).waitFor();
    expect(Number(await rps.textContent())).toBeGreaterThan(0);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe(DEPLOYMENT);
    expect(cells[1]).toBe(`${MODEL}championv1challengerv2`);
    expect(cells[3]).toMatch(/^\d.* ms \/ \d.* ms$/);
    expect(cells[4]).toBe('0 %');
    expect(cells[5]).toBe('r1');
    expect(cells[6]).toBe('API key');
    await shot('01-list');
  });

  it('shows the deployment: what it serves, how to call it, live traffic and the shadow report', async () => {
    await page
      .getByTestId('deployments-table')
      .locator(`tr[data-deployment="${DEPLOYMENT}"] td`)
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: DEPLOYMENT, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/deployments/${DEPLOYMENT}`);

    await expect(page.getByTestId('served-versions').textContent()).resolves.toBe(
      'championv1challengerv2',
    );
    const facts = await page.getByTestId('deployment-facts').textContent();
    expect(facts).toContain('canary 0 % · shadow 50 % · sticky none · logged 100 %');
    expect(facts).toContain('default_probability ← probabilities[:, 1] (4 places)');
    expect(facts).toContain('decline if default_probability > 0.3; else approve');
    // The curl example names the model's features (read from the champion's signature).
    const curl = page.getByTestId('curl-example');
    await curl.filter({ hasText: '"history_score":0' }).waitFor();
    const example = await curl.textContent();
    expect(example).toContain(`"$SEXTANT_URL/v1/models/${DEPLOYMENT}:predict?project=${PROJECT}"`);
    expect(example).toContain('"income":0,"debt":0,"age":0,"history_score":0');

    // Live traffic: the champion answered every request.
    const champion = page.getByTestId('champion-rps');
    await champion.filter({ hasText: /^\d/ }).waitFor();
    expect(Number(await champion.textContent())).toBeGreaterThan(0);
    await expect(page.getByTestId('challenger-rps').textContent()).resolves.toBe('0');
    await page.locator('[data-testid="traffic-chart"][data-ready="true"]').waitFor();

    // The shadow report: about half of the 50 requests were mirrored to v2.
    const mirrored = page.getByTestId('shadow-mirrored');
    await mirrored.filter({ hasText: /^[1-9]/ }).waitFor();
    const n = Number(await mirrored.textContent());
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(50);
    const report = await api.serving.deployments.shadowReport.query(ref);
    expect(report.mirrored).toBeGreaterThanOrEqual(n);
    await expect(page.getByTestId('shadow-agreement').textContent()).resolves.toMatch(/ %$/);
    await expect(page.getByTestId('shadow-errors').textContent()).resolves.toBe('0');
    const delta = await page.getByTestId('shadow-delta').locator('tbody td').allTextContents();
    expect(delta).toHaveLength(4);
    for (const cell of delta) expect(cell).toMatch(/^\d/);
    const latency = await page.getByTestId('shadow-latency').locator('tbody td').allTextContents();
    for (const cell of latency) expect(cell).toMatch(/ ms$/);
    await page.waitForTimeout(300);
    await shot('02-deployment');
  });

  it('saves a 20 % canary from the traffic editor as a new revision', async () => {
    const editor = page.getByRole('form', { name: 'Traffic editor' });
    const save = editor.getByRole('button', { name: 'Save as new revision' });
    expect(await save.isDisabled()).toBe(true);
    await editor.getByRole('slider', { name: /^Canary weight/ }).fill('20');
    await expect(editor.getByLabel('Canary weight (%)').inputValue()).resolves.toBe('20');
    await editor.getByLabel('Reason').fill('canary the retrained model');
    await expect(editor.getByTestId('editor-summary').textContent()).resolves.toBe(
      'Saves r2: canary 0 % → 20 %.',
    );
    await shot('03-editor');
    await save.click();

    const rows = page.getByTestId('revisions-table').locator('tbody tr');
    const r2 = rows.and(page.locator('[data-revision="2"]'));
    await r2.waitFor();
    expect(await r2.getAttribute('data-current')).toBe('true');
    const cells = await r2.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('r2 current');
    expect(cells[3]).toBe('v1');
    expect(cells[4]).toBe('v2');
    expect(cells[5]).toBe('20 % / 50 %');
    expect(cells[6]).toBe('canary 0 % → 20 %');
    expect(cells[7]).toBe('canary the retrained model');
    const r1 = await rows
      .and(page.locator('[data-revision="1"]'))
      .getByRole('cell')
      .allTextContents();
    expect(r1[6]).toBe('first revision');
    expect(r1[7]).toBe('first deployment');

    const now = await api.serving.deployments.get.query(ref);
    expect(now.revision).toMatchObject({ revision: 2, reason: 'canary the retrained model' });
    expect(now.revision.spec).toMatchObject({ canaryWeight: 20, shadowPercent: 50 });
    // The editor starts again from the new revision.
    await expect(page.getByTestId('editor-summary').textContent()).resolves.toBe(
      'No changes to r2.',
    );
    await page.getByTestId('deployment-facts').filter({ hasText: 'canary 20 %' }).waitFor();
  });

  it('rolls back to revision 1 in one click and a confirm', async () => {
    await page.getByRole('button', { name: 'Roll back to revision 1' }).click();
    const dialog = page.getByRole('dialog', { name: `Roll back ${DEPLOYMENT} to r1?` });
    await dialog.waitFor();
    await expect(dialog.getByTestId('rollback-summary').textContent()).resolves.toBe(
      'From r2: canary 20 % → 0 %.',
    );
    await shot('04-rollback-dialog');
    await dialog.getByRole('button', { name: 'Roll back to r1' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const r3 = page.getByTestId('revisions-table').locator('tbody tr[data-revision="3"]');
    await r3.waitFor();
    expect(await r3.getAttribute('data-current')).toBe('true');
    await expect(r3.getByTestId('rollback-note').textContent()).resolves.toBe(
      '↩ rolled back from r2 to r1',
    );
    const cells = await r3.getByRole('cell').allTextContents();
    expect(cells[5]).toBe('0 % / 50 %');
    expect(cells[6]).toBe('canary 20 % → 0 %');
    expect(cells[7]).toBe('rolled back to revision 1');

    const revisions = await api.serving.deployments.revisions.query(ref);
    expect(revisions.map((r) => [r.revision, r.restores, r.spec.canaryWeight])).toEqual([
      [3, 1, 0],
      [2, null, 20],
      [1, null, 0],
    ]);
    const res = await predict(applicant(1));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-sextant-revision')).toBe('3');
    await page.getByTestId('revisions-table').scrollIntoViewIfNeeded();
    await shot('05-rolled-back');
  });

  it('goes to the project’s deployments when another project is chosen', async () => {
    await page.getByLabel('Project').selectOption('default');
    await page.waitForURL(
      (url) => url.pathname === '/deployments' && url.searchParams.get('project') === 'default',
    );
    await page.getByTestId('deployments-empty').waitFor();
  });

  it('shows a viewer the deployment, with the editor and rollback disabled and why', async () => {
    const email = 'risk-analyst@example.com';
    const { initialPassword } = await api.platform.users.create.mutate({ email });
    await api.platform.projects.members.set.mutate({ project: PROJECT, email, role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewer = await context.newPage();
    const url = `${sextant.consoleUrl}/deployments/${DEPLOYMENT}?project=${PROJECT}`;
    await viewer.goto(url);
    await viewer.getByLabel('Email').fill(email);
    await viewer.getByLabel('Password', { exact: true }).fill(initialPassword);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByLabel('Current password').fill(initialPassword);
    await viewer.getByLabel('New password', { exact: true }).fill('a risk analyst’s own password');
    await viewer.getByLabel('Confirm new password').fill('a risk analyst’s own password');
    await viewer.getByRole('button', { name: 'Change password' }).click();
    await viewer.getByTestId('signed-in-as').waitFor();
    await viewer.goto(url);

    const editor = viewer.getByRole('form', { name: 'Traffic editor' });
    await editor.waitFor();
    expect(await editor.getByRole('slider', { name: /^Canary weight/ }).isDisabled()).toBe(true);
    const save = editor.getByRole('button', { name: 'Save as new revision' });
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('title')).toBe('Needs the editor role in this project');
    await expect(editor.textContent()).resolves.toContain(
      'Needs the editor role in this project to change traffic.',
    );
    const rollback = viewer.getByRole('button', { name: 'Roll back to revision 2' });
    expect(await rollback.isDisabled()).toBe(true);
    expect(await rollback.getAttribute('title')).toBe('Needs the editor role in this project');
    // The viewer sees who made each revision by email.
    await expect(
      viewer.locator('tbody tr[data-revision="2"]').getByRole('cell').nth(2).textContent(),
    ).resolves.toBe('admin@sextant.local');
    await viewer.screenshot({
      path: path.join(screenshots, 'deployments-06-viewer.png'),
      fullPage: true,
    });
    await context.close();
  });
});
