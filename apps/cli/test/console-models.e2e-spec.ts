import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { logisticRegressionModel } from '@sextant/onnx';
import { launchChromium } from '@sextant/testing';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * The console's model registry pages on `sextant up`, as an ML engineer uses them: the models
 * list, a model's page (versions with their signatures, aliases, the "what served when" timeline,
 * the gate decisions), an alias moved from the console, and a version's lineage graph. The
 * registry is filled through the API as a training script and a CI job would: three runs with an
 * ONNX artifact each, registered as v1–v3; champion → v1; challenger → v2; a gate promotes v2 to
 * champion; a worse v3 fails its gate. Screenshots: test-results/models-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
const ADMIN_PASSWORD = 'the champion serves, the challenger waits';
const PROJECT = 'retention';
// A name with a slash and a space: it must survive the URL as one path segment.
const MODEL = 'retention/churn lr';
const COMMIT = '9b1d4c7e2a3f5061728394a5b6c7d8e9f0a1b2c3';
const FEATURES = ['tenure', 'monthly_fee'];

/** A small valid ONNX model (2 features, 2 classes); the bias tells the versions apart. */
const onnx = (bias: number) =>
  Buffer.from(
    logisticRegressionModel({
      weights: [
        [0.8, -1.1],
        [-0.8, 1.1],
      ],
      intercepts: [bias, 0],
      classLabels: [0, 1],
      featureNames: FEATURES,
    }),
  );

/** `<input type="datetime-local" step="1">`'s value for a time, in this machine's zone. */
function localInput(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

describe('console model registry pages (sextant up)', () => {
  let sextant: SextantUp;
  let api: SextantClient;
  let browser: Browser;
  let page: Page;
  const runIds = new Map<string, string>();
  const moments = { championV1: 0, promoted: 0 };

  const shot = (step: string) =>
    page.screenshot({ path: path.join(screenshots, `models-${step}.png`), fullPage: true });
  const segments = (alias: string) =>
    page
      .getByTestId('alias-timeline')
      .locator(`[data-testid="timeline-segment"][data-alias="${alias}"]`);
  const versionsOf = async (alias: string) =>
    segments(alias).evaluateAll((els) => els.map((e) => e.getAttribute('data-version')));

  async function putArtifact(runId: string, artifactPath: string, body: Buffer | string) {
    const res = await fetch(`${sextant.apiUrl}/api/v1/runs/${runId}/artifacts/${artifactPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sextant.adminKey}` },
      body,
    });
    expect(res.status).toBe(201);
  }

  async function seed() {
    await api.platform.projects.create.mutate({ slug: PROJECT, name: 'Customer retention' });
    const t = api.tracking;
    await t.experiments.create.mutate({ project: PROJECT, name: 'churn' });
    const runs = [
      { name: 'lr-a', cv: 0.9, bias: 0 },
      { name: 'lr-b', cv: 0.93, bias: 0.4 },
      { name: 'lr-c', cv: 0.86, bias: -0.4 },
    ];
    for (const [i, r] of runs.entries()) {
      const run = await t.runs.create.mutate({
        project: PROJECT,
        experiment: 'churn',
        name: r.name,
        code: {
          commit: COMMIT,
          repository: 'https://git.example.com/ml/churn.git',
          branch: 'main',
          dirty: false,
        },
      });
      runIds.set(r.name, run.id);
      await t.runs.logBatch.mutate({
        project: PROJECT,
        runId: run.id,
        batchId: `seed-${i}`,
        metrics: [{ key: 'cv_accuracy', value: r.cv, step: 0 }],
        params: [{ key: 'C', value: String(10 ** (i - 1)) }],
        tags: [],
      });
      await putArtifact(run.id, 'model/model.onnx', onnx(r.bias));
      if (i === 0) {
        const csv = ['tenure,monthly_fee,churned']
          .concat(
            Array.from({ length: 40 }, (_, k) => `${k % 30},${(20 + k).toFixed(2)},${k % 4 === 0}`),
          )
          .join('\n');
        await putArtifact(run.id, 'data/train.csv', `${csv}\n`);
        await t.datasets.create.mutate({
          project: PROJECT,
          name: 'churn-train',
          runId: run.id,
          path: 'data/train.csv',
        });
      }
      await t.runs.logInputs.mutate({
        project: PROJECT,
        runId: run.id,
        inputs: [{ dataset: 'churn-train', role: 'training' }],
      });
      await t.runs.update.mutate({ project: PROJECT, runId: run.id, status: 'finished' });
    }

    await t.models.create.mutate({
      project: PROJECT,
      name: MODEL,
      description: 'Who cancels next month',
      tags: { team: 'growth' },
    });
    for (const r of runs) {
      await t.models.createVersion.mutate({
        project: PROJECT,
        model: MODEL,
        runId: runIds.get(r.name)!,
        artifactPath: 'model/model.onnx',
      });
    }
    const m = { project: PROJECT, model: MODEL };
    await t.models.setAlias.mutate({
      ...m,
      alias: 'champion',
      version: 1,
      reason: 'first model in production',
    });
    moments.championV1 = Date.now();
    await sleep(2500);
    await t.models.setAlias.mutate({
      ...m,
      alias: 'challenger',
      version: 2,
      reason: 'shadow traffic',
    });
    await sleep(2500);
    const gate = { cv_accuracy: { minAbsoluteChange: 0, greaterIsBetter: true } };
    const passed = await t.gates.evaluate.mutate({
      ...m,
      candidate: 2,
      baselineAlias: 'champion',
      thresholds: gate,
      promote: true,
      reason: 'nightly retrain',
    });
    moments.promoted = Date.now();
    expect(passed).toMatchObject({ passed: true, promotedTo: 'champion', baselineVersion: 1 });
    await sleep(1000);
    const failed = await t.gates.evaluate.mutate({
      ...m,
      candidate: 3,
      baselineAlias: 'champion',
      thresholds: gate,
      promote: true,
    });
    expect(failed).toMatchObject({ passed: false, promotedTo: null, baselineVersion: 2 });
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

  it('explains how to register a model in a project without any', async () => {
    await page.goto(`${sextant.consoleUrl}/models?project=default`);
    const empty = page.getByTestId('models-empty');
    await empty.waitFor();
    await expect(empty.textContent()).resolves.toContain('registerModel');
    await expect(empty.textContent()).resolves.toContain('sextant models register');
    await shot('00-empty');
  });

  it('lists the models with their aliases and latest version', async () => {
    await page.goto(`${sextant.consoleUrl}/models?project=${PROJECT}`);
    const table = page.getByTestId('models-table');
    const row = table.getByRole('row').filter({ hasText: MODEL });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toContain('Who cancels next month');
    // Both aliases point to v2 now (the gate promoted it to champion).
    expect(cells[1]).toBe('championv2challengerv2');
    expect(cells[2]).toBe('v3');
    expect(cells[4]).toContain('team: growth');
    await shot('01-list');
  });

  it('shows the model: aliases, what served when, versions with their signatures', async () => {
    await page.getByTestId('models-table').getByRole('link', { name: MODEL }).click();
    await page.getByRole('heading', { name: MODEL, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/models/${encodeURIComponent(MODEL)}`);

    const aliases = page.getByTestId('aliases-table');
    const champion = aliases.getByRole('row').filter({ hasText: 'champion' });
    await expect(champion.getByRole('cell').nth(1).textContent()).resolves.toBe('v2');
    // The gate's promotion is a move like any other, with the gate's reason.
    await expect(champion.getByRole('cell').nth(4).textContent()).resolves.toBe('nightly retrain');

    // The timeline: champion served v1, then v2; challenger v2 since it was set.
    await segments('champion').first().waitFor();
    expect(await versionsOf('champion')).toEqual(['1', '2']);
    expect(await versionsOf('challenger')).toEqual(['2']);
    expect(await segments('champion').nth(1).getAttribute('data-current')).toBe('true');
    await segments('champion').first().hover();
    const tip = page.getByTestId('timeline-tip');
    await tip.waitFor();
    const tipText = await tip.textContent();
    expect(tipText).toContain('champion → v1');
    expect(tipText).toContain('first model in production');
    expect(tipText).toContain('you (admin@sextant.local)');
    expect(tipText).toContain('then moved to v2');
    await shot('02-model');
    await page.mouse.move(0, 0);

    // The list of moves, newest first.
    const moves = page.getByTestId('alias-moves').locator('tbody tr');
    await expect(moves.allTextContents()).resolves.toHaveLength(3);
    await expect(moves.first().textContent()).resolves.toContain('v1 → v2');

    // The API's aliasAt: between the first move and the promotion, champion was v1.
    const between = Math.floor((moments.championV1 + moments.promoted) / 2000) * 1000;
    const ask = page.getByRole('form', { name: 'What served at a time' });
    await ask.getByLabel('Alias').selectOption('champion');
    await ask.getByLabel('point to at').fill(localInput(between));
    await ask.getByRole('button', { name: 'Ask' }).click();
    await page
      .getByTestId('served-at-answer')
      .filter({ hasText: /^champion pointed to v1 at / })
      .waitFor();

    // Versions, newest first; a version's signature opens below its row.
    const versions = page.getByTestId('versions-table');
    const rows = versions.locator('tbody tr[data-version]');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-version')))).toEqual(
      ['3', '2', '1'],
    );
    const v1 = versions.locator('tr[data-version="1"]');
    await expect(v1.getByRole('cell').nth(1).textContent()).resolves.toBe('ready');
    await expect(
      v1.getByRole('link', { name: runIds.get('lr-a')!.slice(0, 8) }).getAttribute('href'),
    ).resolves.toBe(`/runs/${runIds.get('lr-a')}?project=${PROJECT}`);
    await v1.getByRole('button', { name: /1 in, 2 out/ }).click();
    const signature = versions.getByTestId('signature');
    await signature.waitFor();
    const inputs = await signature
      .getByRole('table', { name: 'Inputs' })
      .locator('tbody tr')
      .allTextContents();
    expect(inputs).toEqual(['inputfloat32[N, 2]']);
    const outputs = await signature
      .getByRole('table', { name: 'Outputs' })
      .locator('tbody tr')
      .allTextContents();
    expect(outputs).toEqual(['labelint64[N]', 'probabilitiesfloat32[N, 2]']);
    await expect(
      signature.getByTestId('feature-names').locator('.tag').allTextContents(),
    ).resolves.toEqual(FEATURES);
    await versions.screenshot({ path: path.join(screenshots, 'models-03-versions.png') });
  });

  it('shows the gate decisions with each metric check', async () => {
    const gates = page.getByTestId('gate-decisions');
    const rows = gates.locator('tbody > tr[data-passed]');
    await rows.first().waitFor();
    // Newest first: v3 failed against champion (v2); v2 passed against champion (v1), promoted.
    const failed = rows.nth(0);
    const passed = rows.nth(1);
    await expect(rows.count()).resolves.toBe(2);
    const failedCells = await failed.getByRole('cell').allTextContents();
    expect(failedCells.slice(1, 5)).toEqual(['v3', 'champion (v2)', 'failed', 'no']);
    const passedCells = await passed.getByRole('cell').allTextContents();
    expect(passedCells.slice(1, 6)).toEqual([
      'v2',
      'champion (v1)',
      'passed',
      '→ champion',
      'nightly retrain',
    ]);

    await failed.getByRole('button', { name: /1 metric, 1 failed/ }).click();
    const checks = gates.getByTestId('gate-checks');
    await checks.waitFor();
    const cells = await checks.locator('tbody tr').first().getByRole('cell').allTextContents();
    expect(cells[0]).toContain('cv_accuracy');
    expect(cells[0]).toContain('higher is better');
    expect(cells.slice(1, 4)).toEqual(['0.86', '0.93', '-0.07']);
    expect(cells[4]).toContain('≥ baseline + 0');
    expect(cells[4]).toContain('(failed)');
    expect(cells[5]).toBe('failed');
    expect(cells[6]!.length).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Gate decisions' }).scrollIntoViewIfNeeded();
    await gates.screenshot({ path: path.join(screenshots, 'models-04-gates.png') });
  });

  it('moves an alias from the console after a confirm with a reason', async () => {
    await page.getByRole('button', { name: 'Move challenger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move challenger' });
    await dialog.waitFor();
    await dialog.getByLabel('Version').selectOption('3');
    await dialog.getByLabel('Reason').fill('shadow-test the smaller model');
    await expect(dialog.getByTestId('move-summary').textContent()).resolves.toContain(
      'challenger: v2 → v3',
    );
    await shot('05-move-dialog');
    await dialog.getByRole('button', { name: 'Move challenger to v3' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const challenger = page
      .getByTestId('aliases-table')
      .getByRole('row')
      .filter({ hasText: 'challenger' });
    await challenger.getByRole('cell').nth(1).filter({ hasText: /^v3$/ }).waitFor();
    await expect(challenger.getByRole('cell').nth(4).textContent()).resolves.toBe(
      'shadow-test the smaller model',
    );
    await segments('challenger').nth(1).waitFor();
    expect(await versionsOf('challenger')).toEqual(['2', '3']);
    const history = await api.tracking.models.aliasHistory.query({
      project: PROJECT,
      model: MODEL,
      alias: 'challenger',
    });
    expect(history[0]).toMatchObject({
      fromVersion: 2,
      toVersion: 3,
      reason: 'shadow-test the smaller model',
    });
    await page.getByTestId('alias-timeline').scrollIntoViewIfNeeded();
    await shot('06-after-move');
  });

  it('shows a version with its lineage graph, whose nodes lead to their pages', async () => {
    await page.getByTestId('versions-table').getByRole('link', { name: 'v2', exact: true }).click();
    await page.getByRole('heading', { name: `${MODEL} v2` }).waitFor();
    const graph = page.getByTestId('lineage-graph');
    await graph.locator('[data-testid="lineage-node"]').first().waitFor();
    const kinds = await graph
      .locator('[data-testid="lineage-node"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    expect(kinds).toEqual([
      'artifact',
      'code-commit',
      'dataset-version',
      'experiment',
      'model-version',
      'run',
    ]);
    const node = (kind: string) =>
      graph.locator(`[data-testid="lineage-node"][data-kind="${kind}"]`);
    await expect(node('run').textContent()).resolves.toContain('lr-b');
    await expect(node('dataset-version').textContent()).resolves.toContain('churn-train v1');
    await expect(node('code-commit').textContent()).resolves.toContain(COMMIT.slice(0, 12));
    // Left to right: commit and dataset → run → artifact → this version.
    const x = async (kind: string) => (await node(kind).boundingBox())!.x;
    expect(await x('code-commit')).toBeLessThan(await x('run'));
    expect(await x('dataset-version')).toBeLessThan(await x('run'));
    expect(await x('run')).toBeLessThan(await x('artifact'));
    expect(await x('artifact')).toBeLessThan(await x('model-version'));
    // The signature on the version's page.
    await expect(
      page.getByTestId('signature').getByTestId('feature-names').locator('.tag').allTextContents(),
    ).resolves.toEqual(FEATURES);
    await page.waitForTimeout(300);
    await shot('07-version');

    await node('run').getByRole('link').click();
    await page.getByRole('heading', { name: 'lr-b' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/runs/${runIds.get('lr-b')}`);
  });

  it('shows a viewer the aliases, with moving one disabled and why', async () => {
    const email = 'analyst@example.com';
    const { initialPassword } = await api.platform.users.create.mutate({ email });
    await api.platform.projects.members.set.mutate({ project: PROJECT, email, role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewer = await context.newPage();
    const url = `${sextant.consoleUrl}/models/${encodeURIComponent(MODEL)}?project=${PROJECT}`;
    await viewer.goto(url);
    await viewer.getByLabel('Email').fill(email);
    await viewer.getByLabel('Password', { exact: true }).fill(initialPassword);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByLabel('Current password').fill(initialPassword);
    await viewer.getByLabel('New password', { exact: true }).fill('an analyst’s own long password');
    await viewer.getByLabel('Confirm new password').fill('an analyst’s own long password');
    await viewer.getByRole('button', { name: 'Change password' }).click();
    await viewer.getByTestId('signed-in-as').waitFor();
    await viewer.goto(url);
    const move = viewer.getByRole('button', { name: 'Move champion' });
    await move.waitFor();
    expect(await move.isDisabled()).toBe(true);
    expect(await move.getAttribute('title')).toBe('Needs the editor role in this project');
    // The admin who moved the aliases is named by email to other members.
    await viewer
      .getByTestId('alias-timeline')
      .locator('[data-testid="timeline-segment"]')
      .first()
      .hover();
    await expect(viewer.getByTestId('timeline-tip').textContent()).resolves.toContain(
      'admin@sextant.local',
    );
    await context.close();
  });
});
