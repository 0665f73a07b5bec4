import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { launchChromium } from '@sextant/testing';
import { IRIS_EXPERIMENT, irisSweep } from './seed/iris-sweep';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * Issue 6's seed scenario, as a new user lives it on `npm start`'s embedded defaults: the 3×3
 * random-forest sweep on iris is logged by a training script (the client's `startRun`), and the
 * console sorts the nine runs by `cv_accuracy` and compares them. Screenshots:
 * test-results/seed-iris-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
const PASSWORD = 'a sweep of random forests';

describe('seed scenario: the iris sweep in the console', () => {
  let sextant: SextantUp;
  let api: SextantClient;
  let browser: Browser;
  let page: Page;
  const shot = (step: string) =>
    page.screenshot({ path: path.join(screenshots, `seed-iris-${step}.png`), fullPage: true });
  const runNames = () =>
    page.getByTestId('runs-table').locator('tbody td.run-name').allTextContents();

  beforeAll(async () => {
    sextant = await startSextantUp();
    const connection = { url: sextant.apiUrl, apiKey: sextant.adminKey };
    api = createClient(connection);
    await irisSweep(connection, { project: 'default' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await mkdir(screenshots, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sextant?.stop();
  });

  it('logged nine runs with their params, cv_accuracy, dataset and model', async () => {
    const { runs } = await api.tracking.runs.search.query({
      project: 'default',
      experiments: [IRIS_EXPERIMENT],
    });
    expect(runs.map((r) => r.name).sort()).toEqual(
      [50, 100, 200].flatMap((n) => ['none', '4', '8'].map((d) => `rf-${n}-${d}`)).sort(),
    );
    for (const run of runs) {
      expect(run.status).toBe('finished');
      expect(`rf-${run.params['n_estimators']}-${run.params['max_depth']}`).toBe(run.name);
      expect(run.metrics['cv_accuracy']).toBeGreaterThan(0.8);
    }
    const one = await api.tracking.runs.get.query({ project: 'default', runId: runs[0]!.id });
    expect(one.inputs).toEqual([expect.objectContaining({ name: 'iris', role: 'training' })]);
    const artifacts = await api.tracking.artifacts.list.query({
      project: 'default',
      runId: one.id,
    });
    expect(artifacts.map((a) => a.path)).toContain('model/model.json');
  });

  it('sorts the nine runs by cv_accuracy and compares them', async () => {
    await signInFirstTime(page, sextant, PASSWORD);
    await page.goto(`${sextant.consoleUrl}/experiments?project=default`);
    await page
      .getByTestId('experiments-table')
      .getByRole('link', { name: IRIS_EXPERIMENT })
      .click();
    await page.getByRole('heading', { name: IRIS_EXPERIMENT }).waitFor();
    const expected = (
      await api.tracking.runs.search.query({
        project: 'default',
        experiments: [IRIS_EXPERIMENT],
        orderBy: ['metrics.cv_accuracy DESC'],
      })
    ).runs.map((r) => r.name);
    await page.getByRole('button', { name: 'cv_accuracy', exact: true }).click();
    await page
      .getByTestId('runs-table')
      .locator('tbody td.run-name')
      .first()
      .filter({ hasText: new RegExp(`^${expected[0]}$`) })
      .waitFor();
    expect(await runNames()).toEqual(expected);
    await shot('01-runs-by-cv-accuracy');

    for (const name of expected) await page.getByLabel(`Select ${name}`).check();
    await page.getByRole('link', { name: 'Compare 9 runs' }).click();
    await page.getByRole('heading', { name: 'Compare 9 runs' }).waitFor();
    await page.getByTestId('parallel-plot').locator('canvas').waitFor();
    const differing = await page
      .getByTestId('params-diff')
      .locator('tr[data-differs="true"] th')
      .allTextContents();
    expect(differing.map((t) => t.replace(' (differs)', ''))).toEqual([
      'max_depth',
      'n_estimators',
    ]);
    await page.waitForTimeout(300);
    await shot('02-compare');
  });
});
