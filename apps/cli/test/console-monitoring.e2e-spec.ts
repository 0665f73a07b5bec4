import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { eventually as until, launchChromium } from '@sextant/testing';
import {
  CREDIT_FEATURES,
  type CreditModel,
  type Loan,
  deployCreditRisk,
  eventually,
  pDefault,
  registerCreditVersion,
} from './seed/credit-risk';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * The console's monitoring pages on `sextant up` (embedded database, the bus on the database
 * log), as an ML engineer uses them: the monitors list with the last window's drift, the
 * installed drift-test plugins, and a monitor's page — the feature × window heatmap, a feature's
 * detail over the windows, performance (estimated, and realised from labels) and the alerts.
 * The data as test/monitoring-live.int-spec.ts makes it: a credit-risk deployment, a monitor of
 * count windows of 200, and 1,000 predictions whose income and debt shift after the first 400,
 * so windows 2–4 drift and, with an alert after 2 in a row, window 3 raises one alert. Labels
 * (drawn from the model's own probabilities) arrive for windows 0–3. Screenshots:
 * test-results/monitoring-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
/** plugins/example-drift (built): the third-party plugin a user installs in a plugin folder. */
const EXAMPLE_PLUGIN = path.resolve(__dirname, '../../../plugins/example-drift');
const ADMIN_PASSWORD = 'drift is watched as closely as accuracy';
const PROJECT = 'lending';
const MODEL = 'credit-risk';
const DEPLOYMENT = 'credit-risk';
const MONITOR = 'credit-drift';
const CREDIT: CreditModel = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };

/** mulberry32: seeded uniforms. */
function uniforms(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('console monitoring pages (sextant up)', () => {
  let sextant: SextantUp;
  let pluginDir: string;
  let api: SextantClient;
  let browser: Browser;
  let page: Page;
  const u = uniforms(11);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const applicant = (shift: boolean): Loan => ({
    income: (shift ? 95_000 : 55_000) + 15_000 * normal(),
    debt: (shift ? 38_000 : 20_000) + 8_000 * normal(),
    age: 40 + 10 * normal(),
    history_score: Math.min(1, Math.max(0, 0.6 + 0.15 * normal())),
  });

  const shot = (step: string) =>
    page.screenshot({ path: path.join(screenshots, `monitoring-${step}.png`), fullPage: true });
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${sextant.apiUrl}${route}?project=${PROJECT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sextant.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res;
  };
  const monitors = () => api.monitoring.monitors;
  const ref = { project: PROJECT, monitor: MONITOR };

  async function seed() {
    await api.platform.projects.create.mutate({ slug: PROJECT, name: 'Consumer lending' });
    const connection = { url: sextant.apiUrl, apiKey: sextant.adminKey };
    const base = { project: PROJECT, model: MODEL };
    await registerCreditVersion(connection, {
      ...base,
      run: 'v1',
      credit: CREDIT,
      alias: 'champion',
    });
    await deployCreditRisk(api, { ...base, name: DEPLOYMENT });
    // Monitoring learns of the deployment from serving's event: retry until it knows it.
    await eventually(
      () =>
        monitors().create.mutate({
          project: PROJECT,
          name: MONITOR,
          deployment: DEPLOYMENT,
          window: { kind: 'count', size: 200 },
          minSamples: 50,
          alertAfter: 2,
          performance: { output: 'default_probability' },
        }),
      30_000,
    );

    // 1,000 predictions, 100 per call: 400 as the reference saw them, then 600 shifted.
    const answered: { id: string; record: Loan }[] = [];
    for (const shift of [false, false, true, true, true]) {
      for (let i = 0; i < 2; i++) {
        const records = Array.from({ length: 100 }, () => applicant(shift));
        const res = await post(`/v1/models/${DEPLOYMENT}:predict`, records);
        expect(res.status).toBe(200);
        const answers = (await res.json()) as { id: string; default_probability: number }[];
        answers.forEach((a, j) => answered.push({ id: a.id, record: records[j]! }));
      }
    }
    // The prediction log is flushed every second and monitoring reads it from the database log.
    await until(
      async () => {
        await sleep(250);
        return (await monitors().reports.query(ref)).length >= 5;
      },
      '5 window reports',
      90_000,
    );

    // Ground truth for windows 0–3 (the first 800 predictions), drawn from the model's own
    // probabilities; window 4 has none yet.
    const labels = answered
      .slice(0, 800)
      .map(({ id, record }) => ({ id, label: u() < pDefault(CREDIT, record) ? 1 : 0 }));
    const res = await post('/v1/predictions/labels', { deployment: DEPLOYMENT, labels });
    expect(res.status).toBe(202);
    await until(
      async () => {
        await sleep(250);
        const reports = await monitors().reports.query(ref);
        return reports.filter((r) => (r.performance?.labelled ?? 0) > 0).length >= 4;
      },
      'labels joined to windows 0–3',
      60_000,
    );
  }

  beforeAll(async () => {
    // The example third-party plugin, installed in a plugin folder as a user would.
    pluginDir = await mkdtemp(path.join(tmpdir(), 'sx-plugins-'));
    await symlink(EXAMPLE_PLUGIN, path.join(pluginDir, 'example-drift'), 'dir');
    sextant = await startSextantUp({ SEXTANT_PLUGIN_DIRS: pluginDir });
    api = createClient({ url: sextant.apiUrl, apiKey: sextant.adminKey });
    await seed();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await mkdir(screenshots, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (pluginDir) await rm(pluginDir, { recursive: true, force: true });
    await sextant?.stop();
  });

  it('has the reports the pages draw: windows 2–4 drifted, one alert at window 3', async () => {
    const reports = (await monitors().reports.query(ref)).reverse();
    expect(reports.map((r) => [r.windowSeq, r.status, r.datasetDrift])).toEqual([
      [0, 'reference', false],
      [1, 'ok', false],
      [2, 'ok', true],
      [3, 'ok', true],
      [4, 'ok', true],
    ]);
    const alerts = await monitors().alerts.query(ref);
    expect(alerts.map((a) => [a.windowSeq, a.consecutive])).toEqual([[3, 2]]);
  });

  it('signs the admin in', async () => {
    await signInFirstTime(page, sextant, ADMIN_PASSWORD);
  });

  it('explains how to create a monitor in a project without any', async () => {
    await page.goto(`${sextant.consoleUrl}/monitoring?project=default`);
    const empty = page.getByTestId('monitors-empty');
    await empty.waitFor();
    const text = await empty.textContent();
    expect(text).toContain('monitoring.monitors.create.mutate');
    expect(text).toContain("project: 'default'");
    await shot('00-empty');
  });

  it('lists the monitor with its last window’s drift, the run of drifted windows and its alert', async () => {
    await page.goto(`${sextant.consoleUrl}/monitoring?project=${PROJECT}`);
    const row = page.getByTestId('monitors-table').locator(`tr[data-monitor="${MONITOR}"]`);
    await row.locator('[data-verdict]').waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual([MONITOR, DEPLOYMENT, '200 predictions', '5']);
    // Window 4: income and debt drifted, age and history_score did not.
    expect(cells[4]).toBe('drift · 50 %');
    await expect(row.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('drift');
    expect(cells[5]).toBe('3 / 2');
    expect(cells[6]).toBe('1');
    await shot('01-list');
  });

  it('lists the installed plugins with their tests', async () => {
    await page
      .getByRole('navigation', { name: 'Monitoring' })
      .getByRole('link', { name: 'Plugins' })
      .click();
    const plugins = page.getByTestId('plugins');
    await plugins.getByTestId('plugin').first().waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('plugins');
    const builtIn = plugins.locator('[data-testid="plugin"][data-status="loaded"]').filter({
      has: page.locator('tr[data-test-name="ks"]'),
    });
    await expect(builtIn.count()).resolves.toBe(1);
    await expect(builtIn.locator('.plugin-head').textContent()).resolves.toContain('in-process');
    const ks = await builtIn.locator('tr[data-test-name="ks"]').getByRole('cell').allTextContents();
    expect(ks[1]).toContain('numeric');
    expect(ks[2]).toBe('p-value');
    expect(ks[3]).toBe('0.05');
    const psi = await builtIn
      .locator('tr[data-test-name="psi"]')
      .getByRole('cell')
      .allTextContents();
    expect(psi[2]).toBe('distance');
    expect(psi[3]).toBe('0.1');
    const example = plugins.locator('[data-testid="plugin"][data-status="loaded"]').filter({
      has: page.locator('tr[data-test-name="mean_shift"]'),
    });
    await expect(example.count()).resolves.toBe(1);
    await expect(example.locator('.plugin-head').textContent()).resolves.toContain('worker-pool');
    await shot('02-plugins');
  });

  it('shows the monitor: set-up, the feature × window heatmap and the features', async () => {
    await page
      .getByRole('navigation', { name: 'Monitoring' })
      .getByRole('link', { name: 'Monitors' })
      .click();
    await page.getByTestId('monitors-table').getByRole('link', { name: MONITOR }).click();
    await page.getByRole('heading', { name: MONITOR, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/monitoring/${MONITOR}`);
    const facts = await page.getByTestId('monitor-facts').textContent();
    expect(facts).toContain('200 predictions · 5 reported');

    const heatmap = page.getByTestId('drift-heatmap');
    await heatmap.locator('canvas').first().waitFor();
    await expect(heatmap.getAttribute('aria-label')).resolves.toBe(
      'Drift by feature and window: 4 features over 5 windows',
    );

    // The features, in the deployment's order; income and debt drifted in 3 of 4 tested windows.
    const rows = page.getByTestId('features-table').locator('tbody tr');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')))).toEqual(
      [...CREDIT_FEATURES],
    );
    const income = await rows.nth(0).getByRole('cell').allTextContents();
    expect(income.slice(0, 3)).toEqual(['income', 'ks', '3 / 4']);
    expect(await rows.nth(0).getAttribute('data-drifted')).toBe('true');
    expect(await rows.nth(2).getAttribute('data-drifted')).toBe('false');
    await page.waitForTimeout(300);
    await shot('03-monitor');
  });

  it('gives a cell’s figures on hover, and its feature’s detail on a click', async () => {
    // The grid as drift-heatmap-chart.tsx lays it out: 30 px rows from 12 px, the left margin
    // from the longest feature name (history_score: 16 + 13 × 7.5), 16 px on the right.
    const heatmap = page.getByTestId('drift-heatmap');
    const box = (await heatmap.boundingBox())!;
    const left = 16 + 13 * 7.5;
    const column = (box.width - left - 16) / 5;
    const cell = (window: number, row: number) => ({
      x: box.x + left + column * (window + 0.5),
      y: box.y + 12 + 30 * (row + 0.5),
    });
    const debt3 = cell(3, 1);
    await page.mouse.move(debt3.x, debt3.y);
    await heatmap.filter({ hasText: 'window 3' }).waitFor();
    const tip = await heatmap.textContent();
    expect(tip).toContain('debt · window 3');
    expect(tip).toContain('test ks (numeric)');
    expect(tip).toContain('threshold p < 0.05');
    expect(tip).toContain('drifted');
    await heatmap.screenshot({ path: path.join(screenshots, 'monitoring-04-heatmap.png') });

    await page.mouse.click(debt3.x, debt3.y);
    const detail = page.getByTestId('feature-detail');
    await page.locator('[data-testid="feature-detail"][data-feature="debt"]').waitFor();
    await detail.getByTestId('feature-detail-chart').locator('canvas').first().waitFor();
    await expect(detail.locator('figcaption').textContent()).resolves.toContain(
      'drift when p-value < 0.05',
    );
    // The clicked window's values against the reference, overlaid.
    const histogram = detail.locator('[data-testid="histogram"][data-window="3"]');
    await histogram.getByTestId('feature-histogram').locator('canvas').first().waitFor();
    await expect(
      histogram.getByTestId('feature-histogram').getAttribute('aria-label'),
    ).resolves.toBe('debt: the reference (200 values) and window 3 (200 values), shares per bin');
  });

  it('shows a feature’s test over the windows when its row is chosen, and another window', async () => {
    await page.getByTestId('features-table').getByRole('button', { name: 'age' }).click();
    const detail = page.locator('[data-testid="feature-detail"][data-feature="age"]');
    await detail.waitFor();
    await detail.getByTestId('feature-detail-chart').locator('canvas').first().waitFor();
    await expect(
      page
        .getByTestId('features-table')
        .locator('tr[data-feature="age"]')
        .getAttribute('data-selected'),
    ).resolves.toBe('true');
    await detail.getByLabel('Window', { exact: true }).selectOption('1');
    await detail
      .locator('[data-testid="histogram"][data-window="1"]')
      .getByTestId('feature-histogram')
      .locator('canvas')
      .first()
      .waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.locator('.drift-detail').screenshot({
      path: path.join(screenshots, 'monitoring-05-feature-detail.png'),
    });
  });

  it('draws performance over time, estimated and from labels, and lists the one alert', async () => {
    const perf = page.getByTestId('performance-chart');
    await perf.locator('canvas').first().waitFor();
    await expect(perf.getAttribute('aria-label')).resolves.toBe(
      'Performance over 5 windows: estimated and realised accuracy and ROC AUC',
    );
    // The reference window (200 predictions) is labelled: the estimate's calibration was decided
    // on its labels (drawn from the model's own probabilities: calibrated already, or mapped).
    await expect(page.getByTestId('calibration-note').textContent()).resolves.toMatch(
      /on 200 labelled reference predictions/,
    );
    const alerts = page.getByTestId('alerts-table').locator('tbody tr');
    await expect(alerts.count()).resolves.toBe(1);
    const cells = await alerts.first().getByRole('cell').allTextContents();
    expect(cells.slice(1, 3)).toEqual(['3', '2']);
    expect(cells[3]).toContain(`${MONITOR}: 2 drifted windows in a row on ${DEPLOYMENT}`);
    await page.getByRole('heading', { name: 'Performance over time' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot('06-performance-alerts');
  });

  it('answers an unknown monitor with the API’s 404 and a hint', async () => {
    await page.goto(`${sextant.consoleUrl}/monitoring/nope?project=${PROJECT}`);
    await page.getByRole('alert').waitFor();
    await page.getByText('may belong to another project').waitFor();
  });
});
