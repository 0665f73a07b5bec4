import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { launchChromium } from '@sextant/testing';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * The console's tracking pages as a data scientist uses them, on `sextant up`: experiments, the
 * runs table (sorted by a metric on the server, a refused filter explained in place, a good one,
 * paging), a run's page (charts, params, an artifact preview) and a comparison of three runs.
 * Data is logged through the API with the admin's key, as a training script would. A screenshot
 * of each step goes to test-results/tracking-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
const ADMIN_PASSWORD = 'correct horse battery staple';
const PROJECT = 'fraud';

// Twelve runs of `churn`. Final AUCs are shuffled so that sorting by it is not the names' order;
// the last run diverged (its final AUC is NaN, which sorts after every number).
const AUC = [0.81, 0.77, 0.9, 0.68, 0.85, 0.72, 0.88, 0.79, 0.74, 0.83, 0.7, Number.NaN];
const MODELS = ['xgboost', 'lightgbm', 'logreg'];
const name = (i: number) => `churn-${String(i + 1).padStart(2, '0')}`;
const BY_AUC_DESC = AUC.map((auc, i) => ({ auc, name: name(i) }))
  .sort((a, b) => (Number.isNaN(a.auc) ? 1 : Number.isNaN(b.auc) ? -1 : b.auc - a.auc))
  .map((r) => r.name);
const SWEEP_RUNS = 60;

/** A valid PNG (RGB, a gradient) built by hand: signature, IHDR, one IDAT, IEND. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw.set(
        [Math.round((x / width) * 255), Math.round((y / height) * 255), 160],
        row + 1 + x * 3,
      );
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The `runs.search` inputs of a batched tRPC GET (`/trpc/tracking/a,b?batch=1&input=…`). */
function searchInputs(request: Request): { limit?: number; orderBy?: string[] }[] {
  const url = new URL(request.url());
  const procedures = url.pathname.replace(/^\/trpc\/tracking\//, '').split(',');
  const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, unknown>;
  return procedures.flatMap((p, i) =>
    p === 'runs.search' ? [input[String(i)] as { limit?: number; orderBy?: string[] }] : [],
  );
}

describe('console tracking pages (sextant up)', () => {
  let sextant: SextantUp;
  let apiUrl: string;
  let consoleUrl: string;
  let adminKey: string;
  let api: SextantClient;
  let browser: Browser;
  let page: Page;
  const runIds = new Map<string, string>();
  const searches: Request[] = [];

  const shot = (step: string) =>
    page.screenshot({ path: path.join(screenshots, `tracking-${step}.png`), fullPage: true });
  const runNames = () =>
    page.getByTestId('runs-table').locator('tbody td.run-name').allTextContents();
  const pageRange = () => page.getByTestId('page-range');
  const rangeIs = (text: string) =>
    pageRange()
      .filter({ hasText: new RegExp(`^${text}$`) })
      .waitFor();
  type Img = { complete: boolean; naturalWidth: number };
  type Input = { selectionStart: number; selectionEnd: number };

  async function putArtifact(runId: string, artifactPath: string, body: Buffer | string) {
    const res = await fetch(`${apiUrl}/api/v1/runs/${runId}/artifacts/${artifactPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}` },
      body,
    });
    expect(res.status).toBe(201);
  }

  async function seed() {
    await api.platform.projects.create.mutate({ slug: PROJECT, name: 'Fraud detection' });
    const t = api.tracking;
    await t.experiments.create.mutate({
      project: PROJECT,
      name: 'churn',
      description: 'Which customers leave next month',
      tags: { team: 'growth' },
    });
    await t.experiments.create.mutate({ project: PROJECT, name: 'sweep' });
    await t.experiments.create.mutate({ project: PROJECT, name: 'old-baseline' });
    await t.experiments.archive.mutate({ project: PROJECT, experiment: 'old-baseline' });

    for (let i = 0; i < AUC.length; i++) {
      const diverged = Number.isNaN(AUC[i]!);
      const run = await t.runs.create.mutate({
        project: PROJECT,
        experiment: 'churn',
        name: name(i),
        tags: { trainer: 'ci' },
        code: {
          commit: `3f2c9e1${i.toString(16)}b7d04a5e6c8f9a1b2c3d4e5f6a7b8c9d0`,
          repository: 'https://git.example.com/ml/churn.git',
          branch: 'main',
          dirty: diverged,
        },
      });
      runIds.set(name(i), run.id);
      const loss = Array.from({ length: 200 }, (_, step) => ({
        key: 'loss',
        step,
        value:
          diverged && step > 150
            ? step === 199
              ? ('NaN' as const)
              : 0.3 * 1.08 ** (step - 150)
            : 1.4 * Math.exp(-step / (30 + 4 * i)) + 0.12 + 0.03 * Math.sin(step * 0.7 + i),
      }));
      const valLoss = loss.map((p) => ({
        key: 'val_loss',
        step: p.step,
        value: typeof p.value === 'number' ? p.value * 1.1 + 0.05 : p.value,
      }));
      const auc = Array.from({ length: 20 }, (_, step) => ({
        key: 'auc',
        step,
        value:
          step === 19
            ? diverged
              ? ('NaN' as const)
              : AUC[i]!
            : (diverged ? 0.6 : AUC[i]!) * (1 - 0.4 * Math.exp(-step / 4)),
      }));
      await t.runs.logBatch.mutate({
        project: PROJECT,
        runId: run.id,
        batchId: `seed-${i}`,
        metrics: [...loss, ...valLoss, ...auc],
        params: [
          { key: 'lr', value: String(0.1 / (i + 1)) },
          { key: 'model', value: MODELS[i % 3]! },
          { key: 'depth', value: String(3 + (i % 4)) },
          { key: 'seed', value: '42' },
        ],
        tags: [],
      });
      const status = diverged ? 'failed' : i === 5 ? 'running' : 'finished';
      if (status !== 'running') {
        await t.runs.update.mutate({ project: PROJECT, runId: run.id, status });
      }
    }

    // The best run has artifacts: a JSON report, a plot, and the training data as a dataset.
    const best = runIds.get('churn-03')!;
    await putArtifact(
      best,
      'eval/metrics.json',
      JSON.stringify({
        auc: 0.9,
        threshold: 0.42,
        confusion: [
          [812, 41],
          [37, 110],
        ],
      }),
    );
    await putArtifact(best, 'plots/roc.png', png(160, 120));
    const csv = ['customer_id,tenure,monthly_fee,churned']
      .concat(
        Array.from(
          { length: 80 },
          (_, k) => `${1000 + k},${k % 36},${(19.5 + k).toFixed(2)},${k % 5 === 0}`,
        ),
      )
      .join('\n');
    await putArtifact(best, 'data/train.csv', `${csv}\n`);
    await t.datasets.create.mutate({
      project: PROJECT,
      name: 'churn-train',
      runId: best,
      path: 'data/train.csv',
    });
    await t.runs.logInputs.mutate({
      project: PROJECT,
      runId: best,
      inputs: [{ dataset: 'churn-train', role: 'training' }],
    });

    // More runs than one page holds (50).
    for (let i = 0; i < SWEEP_RUNS; i++) {
      const run = await t.runs.create.mutate({
        project: PROJECT,
        experiment: 'sweep',
        name: `trial-${String(i).padStart(3, '0')}`,
      });
      await t.runs.logBatch.mutate({
        project: PROJECT,
        runId: run.id,
        batchId: `sweep-${i}`,
        metrics: [{ key: 'score', value: i / SWEEP_RUNS, step: 0 }],
        params: [{ key: 'trial', value: String(i) }],
        tags: [],
      });
    }
  }

  beforeAll(async () => {
    sextant = await startSextantUp();
    ({ apiUrl, consoleUrl, adminKey } = sextant);
    api = createClient({ url: apiUrl, apiKey: adminKey });
    await seed();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.includes('runs.search')) searches.push(r);
    });
    await mkdir(screenshots, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sextant?.stop();
  });

  it('signs the admin in (first password changed)', async () => {
    await signInFirstTime(page, sextant, ADMIN_PASSWORD);
  });

  it('lists the experiments of the chosen project, archived ones on demand', async () => {
    await page.goto(`${consoleUrl}/experiments`);
    // Without ?project= the first project is chosen, and written to the URL.
    const [first] = await api.platform.projects.list.query();
    await page.waitForURL((url) => url.searchParams.get('project') === first!.slug);
    await page.getByRole('heading', { name: 'Experiments', exact: true }).waitFor();
    if (first!.slug !== PROJECT) {
      // The other project (the one the platform starts with) has none: the page says so.
      await page.getByText('No experiments yet').waitFor();
      await shot('00-experiments-first-project');
      await page.getByLabel('Project').selectOption(PROJECT);
    }
    const table = page.getByTestId('experiments-table');
    await table.getByRole('link', { name: 'churn' }).waitFor();
    expect(new URL(page.url()).searchParams.get('project')).toBe(PROJECT);
    // The choice is remembered: the navigation's link (no ?project=) opens the same project.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Models' })
      .click();
    await page.getByRole('heading', { name: 'Models' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Experiments' })
      .click();
    await table.getByRole('link', { name: 'churn' }).waitFor();
    await page.waitForURL((url) => url.searchParams.get('project') === PROJECT);
    await expect(page.getByLabel('Project').inputValue()).resolves.toBe(PROJECT);
    const churn = table.getByRole('row').filter({ hasText: 'churn' });
    const cells = await churn.getByRole('cell').allTextContents();
    expect(cells[0]).toContain('Which customers leave next month');
    expect(cells[1]).toBe('12');
    expect(cells[3]).toContain('team: growth');
    expect(await table.getByRole('row').filter({ hasText: 'sweep' }).textContent()).toContain(
      String(SWEEP_RUNS),
    );
    expect(await table.getByText('old-baseline').count()).toBe(0);
    await page.getByLabel('Show archived').check();
    await table.getByText('old-baseline').waitFor();
    await shot('01-experiments');
    await page.getByLabel('Show archived').uncheck();
  });

  it('opens the runs table with one page fetched, and sorts by a metric on the server', async () => {
    searches.length = 0;
    await page.getByTestId('experiments-table').getByRole('link', { name: 'churn' }).click();
    await page.getByRole('heading', { name: 'churn' }).waitFor();
    await rangeIs('1–12 of 12');
    expect(await runNames()).toHaveLength(12);

    await page.getByRole('button', { name: 'auc', exact: true }).click();
    await page
      .getByTestId('runs-table')
      .locator('tbody td.run-name')
      .first()
      .filter({ hasText: new RegExp(`^${BY_AUC_DESC[0]}$`) })
      .waitFor();
    expect(await runNames()).toEqual(BY_AUC_DESC);
    // The order came from the API: one search per view, each for one page, the second by auc.
    const inputs = searches.flatMap(searchInputs);
    expect(inputs.map((i) => i.limit)).toEqual([50, 50]);
    expect(inputs[1]?.orderBy).toEqual(['metrics.auc DESC']);
    const diverged = page.getByRole('row').filter({ hasText: 'churn-12' });
    await expect(diverged.getByRole('cell').nth(5).textContent()).resolves.toBe('NaN');
    await expect(diverged.getByText('failed').count()).resolves.toBe(1);
    await shot('02-runs-sorted-by-auc');
  });

  it('explains a refused filter where it is wrong, and keeps the results', async () => {
    const input = page.getByLabel('Filter', { exact: true });
    await input.fill('metrics.auc 0.8');
    await page.getByRole('button', { name: 'Apply' }).click();
    const alert = page.getByRole('alert').and(page.locator('.filter-error'));
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Invalid filter at position 12');
    await expect(page.getByTestId('filter-mark').locator('mark').textContent()).resolves.toBe('0');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The faulty character is selected in the input.
    await expect(
      input.evaluate((el: Input) => [el.selectionStart, el.selectionEnd]),
    ).resolves.toEqual([12, 13]);
    expect(await runNames()).toEqual(BY_AUC_DESC);
    expect(new URL(page.url()).searchParams.get('filter')).toBeNull();
    await shot('03-filter-refused');
  });

  it('applies a good filter', async () => {
    const input = page.getByLabel('Filter', { exact: true });
    await input.fill("metrics.auc > 0.8 and params.model = 'xgboost'");
    await page.getByRole('button', { name: 'Apply' }).click();
    await rangeIs('1–3 of 3');
    // xgboost is every third run (01, 04, 07, 10); of those, AUC > 0.8: 07 (0.88), 10, 01.
    expect(await runNames()).toEqual(['churn-07', 'churn-10', 'churn-01']);
    expect(await page.locator('.filter-error').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('filter')).toBe(
      "metrics.auc > 0.8 and params.model = 'xgboost'",
    );
    await shot('04-filter-applied');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await rangeIs('1–12 of 12');
  });

  it('remembers the columns chosen for the experiment', async () => {
    const headers = () => page.getByTestId('runs-table').locator('thead th').allTextContents();
    expect((await headers()).map((h) => h.replace(/[▲▼]/, ''))).toEqual(
      expect.arrayContaining(['auc', 'loss', 'val_loss', 'depth', 'lr', 'model', 'seed']),
    );
    await page.getByText('Columns').click();
    const chooser = page.getByRole('group', { name: 'Columns' });
    await chooser.getByLabel('seed').uncheck();
    await chooser.getByLabel('val_loss').uncheck();
    await shot('04b-columns');
    expect(await headers()).not.toContain('seed');
    await page.reload();
    await rangeIs('1–12 of 12');
    const after = await headers();
    expect(after).not.toContain('seed');
    expect(after).not.toContain('val_loss');
    expect(after).toContain('model');
  });

  it('pages through more runs than one page holds, a page at a time', async () => {
    searches.length = 0;
    await page.goto(`${consoleUrl}/runs?project=${PROJECT}&experiment=sweep`);
    await rangeIs('1–50 of 60');
    expect(await runNames()).toHaveLength(50);
    expect(searches.flatMap(searchInputs).map((i) => i.limit)).toEqual([50]);
    await page.getByRole('button', { name: 'Next →' }).click();
    await rangeIs('51–60 of 60');
    expect(await runNames()).toHaveLength(10);
    // Newest first: the page after the 50 newest holds the 10 oldest.
    expect((await runNames()).sort()[0]).toBe('trial-000');
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await shot('05-runs-second-page');
    await page.getByRole('button', { name: '← Previous' }).click();
    await rangeIs('1–50 of 60');
    expect(searches.flatMap(searchInputs).map((i) => i.limit)).toEqual([50, 50]);
  });

  it('shows a run: charts, code, params, datasets and a JSON preview', async () => {
    await page.goto(
      `${consoleUrl}/runs?project=${PROJECT}&experiment=churn&sort=metric:auc&dir=desc`,
    );
    await page.getByRole('link', { name: 'churn-03' }).click();
    await page.getByRole('heading', { name: 'churn-03' }).waitFor();
    const chart = page.getByTestId('chart-loss');
    await chart.locator('canvas').waitFor();
    expect(await page.getByTestId('chart-auc').locator('canvas').count()).toBe(1);
    const params = page.getByTestId('params');
    await expect(params.getByRole('row').filter({ hasText: 'model' }).textContent()).resolves.toBe(
      'modellogreg',
    );
    await expect(
      params.getByRole('row').filter({ hasText: 'lr' }).textContent(),
    ).resolves.toContain(String(0.1 / 3));
    await page.getByText('https://git.example.com/ml/churn.git').waitFor();
    const datasets = page.getByTestId('datasets');
    await expect(datasets.textContent()).resolves.toContain('churn-train');
    await expect(datasets.textContent()).resolves.toContain('training');
    // The first previewable artifact (the CSV) is shown as a table; the JSON one on request,
    // pretty-printed.
    const csv = page.getByTestId('preview').locator('table.csv-preview');
    await csv.waitFor();
    await expect(csv.locator('thead th').allTextContents()).resolves.toEqual([
      'customer_id',
      'tenure',
      'monthly_fee',
      'churned',
    ]);
    expect(await csv.locator('tbody tr').count()).toBe(50);
    await page.getByTestId('preview').screenshot({
      path: path.join(screenshots, 'tracking-06a-csv-preview.png'),
    });
    await page.getByRole('button', { name: 'Preview eval/metrics.json' }).click();
    const json = page.getByTestId('json-preview');
    await json.waitFor();
    await expect(json.textContent()).resolves.toContain('{\n  "auc": 0.9,\n  "threshold": 0.42');
    const download = page.getByRole('link', { name: 'Download eval/metrics.json' });
    const href = await download.getAttribute('href');
    expect(href).toBe(
      `/api/v1/runs/${runIds.get('churn-03')}/artifacts/eval/metrics.json?download`,
    );
    const res = await page.request.get(`${consoleUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toContain('attachment');

    // Smoothing, the log scale and another run overlaid redraw the charts.
    await page.getByLabel('Log scale').check();
    await page.getByLabel('Smoothing').fill('0.6');
    await page.locator('.smoothing-value', { hasText: '0.60' }).waitFor();
    await page.getByText('Overlay other runs').click();
    await page.getByRole('group', { name: 'Overlay other runs' }).getByLabel('churn-07').check();
    await chart.locator('canvas').waitFor();
    await page.waitForTimeout(300);
    await shot('06-run-detail');

    await page.getByRole('button', { name: 'Preview plots/roc.png' }).click();
    const image = page.getByRole('img', { name: 'plots/roc.png' });
    await image.waitFor();
    // (A string: this test's TypeScript has no DOM types.)
    await page.waitForFunction(
      "(() => { const img = document.querySelector('img.preview-image'); return !!img && img.complete && img.naturalWidth > 0; })()",
    );
    await expect(image.evaluate((el: Img) => el.naturalWidth)).resolves.toBe(160);
    await shot('07-run-image-preview');
  });

  it('compares three runs: parallel coordinates and the params that differ', async () => {
    await page.goto(
      `${consoleUrl}/runs?project=${PROJECT}&experiment=churn&sort=metric:auc&dir=desc`,
    );
    await page.getByTestId('runs-table').getByRole('link', { name: 'churn-03' }).waitFor();
    for (const run of ['churn-03', 'churn-07', 'churn-05']) {
      await page.getByLabel(`Select ${run}`).check();
    }
    await expect(page.getByTestId('selection').textContent()).resolves.toBe(
      '3 selected: churn-03, churn-07, churn-05',
    );
    await page.getByRole('link', { name: 'Compare 3 runs' }).click();
    await page.getByRole('heading', { name: 'Compare 3 runs' }).waitFor();
    await page.getByTestId('parallel-plot').locator('canvas').waitFor();
    const diff = page.getByTestId('params-diff');
    const differing = await diff.locator('tr[data-differs="true"] th').allTextContents();
    expect(differing.map((t) => t.replace(' (differs)', ''))).toEqual(['depth', 'lr', 'model']);
    await expect(
      diff.getByRole('row').filter({ hasText: 'model' }).textContent(),
    ).resolves.toContain('logregxgboostlightgbm');
    expect(await diff.getByRole('row').filter({ hasText: 'seed' }).count()).toBe(1);
    await page.getByLabel('Only differences').check();
    expect(await diff.getByRole('row').filter({ hasText: 'seed' }).count()).toBe(0);
    await page.getByTestId('compare-chart').locator('canvas').waitFor();
    await page.waitForTimeout(300);
    await shot('08-compare');
  });
  it('shows a viewer the experiments, with creating one disabled and why', async () => {
    const email = 'viewer@example.com';
    const { initialPassword } = await api.platform.users.create.mutate({ email });
    await api.platform.projects.members.set.mutate({ project: PROJECT, email, role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewer = await context.newPage();
    await viewer.goto(`${consoleUrl}/experiments?project=${PROJECT}`);
    await viewer.getByLabel('Email').fill(email);
    await viewer.getByLabel('Password', { exact: true }).fill(initialPassword);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByLabel('Current password').fill(initialPassword);
    await viewer.getByLabel('New password', { exact: true }).fill('a viewer’s own long password');
    await viewer.getByLabel('Confirm new password').fill('a viewer’s own long password');
    await viewer.getByRole('button', { name: 'Change password' }).click();
    await viewer.getByTestId('signed-in-as').waitFor();
    await viewer.goto(`${consoleUrl}/experiments?project=${PROJECT}`);
    await viewer.getByTestId('experiments-table').getByRole('link', { name: 'churn' }).waitFor();
    const create = viewer.getByRole('button', { name: 'Create experiment' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toBe('Needs the editor role in this project');
    await viewer.getByText('Needs the editor role in this project.').waitFor();
    await viewer.screenshot({
      path: path.join(screenshots, 'tracking-09-viewer.png'),
      fullPage: true,
    });
    await context.close();
  });
});
