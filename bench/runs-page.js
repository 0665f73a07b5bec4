#!/usr/bin/env node
// The console's runs table in Chromium at 10,000 runs × 20 metrics × 5 params (seeded with SQL on
// a throwaway PostgreSQL database behind `sextant up`), against the same page at 100 runs as the
// baseline in the same run: time from navigation to the first page of rows on screen, from a
// click on a metric's column header to the re-sorted rows, and from a filter's Enter to its rows.
//   node bench/runs-page.js [--runs 10000] [--rounds 5]
// Needs `npm run build` (CLI and console) and Debian's chromium (CHROMIUM_PATH or /usr/bin/chromium).
const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } },
});
const PASSWORD = 'a long bench password';

async function main() {
  const { freePort, launchChromium, startNode } = require('@sextant/testing');
  const cli = path.resolve(__dirname, '../apps/cli/dist/main.js');
  const rounds = Number(values.rounds);
  await withDatabase(async (databaseUrl) => {
    const home = await mkdtemp(path.join(tmpdir(), 'sx-bench-'));
    const [apiPort, consolePort] = [await freePort(), await freePort()];
    const { KAFKA_BROKERS: _k, ...env } = process.env;
    const up = startNode(cli, ['up'], {
      ...env,
      DATABASE_URL: databaseUrl,
      SEXTANT_HOME: home,
      PORT: String(apiPort),
      CONSOLE_PORT: String(consolePort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    let browser;
    try {
      await up.waitFor(/Sextant is ready/, 240_000);
      const consoleUrl = `http://127.0.0.1:${consolePort}`;
      const oneTime = up.output().match(/One-time password\s+(\S+)/)[1];
      const key = up.output().match(/(sx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})/)[1];
      const call = async (procedure, input) => {
        const res = await fetch(`http://127.0.0.1:${apiPort}/trpc/tracking/${procedure}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        if (res.status !== 200) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
        return (await res.json()).result.data;
      };
      const sizes = [
        { experiment: 'small', runs: 100 },
        { experiment: 'big', runs: Number(values.runs) },
      ];
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      for (const s of sizes) {
        const e = await call('experiments.create', { project: 'default', name: s.experiment });
        await pg.query(
          `INSERT INTO tracking.runs (id, project_id, experiment_id, name, status, start_time)
           SELECT gen_random_uuid(), e.project_id, e.id, 'run-' || g, 'finished', now() - g * interval '1 minute'
           FROM tracking.experiments e, generate_series(1, $1) g WHERE e.id = $2`,
          [s.runs, e.id],
        );
      }
      await pg.query(`INSERT INTO tracking.latest_metrics (run_id, key, step, timestamp, value)
        SELECT r.id, 'metric_' || k, 100, 0, random() FROM tracking.runs r, generate_series(0, 19) k`);
      await pg.query(`INSERT INTO tracking.run_params (run_id, key, value)
        SELECT r.id, 'param_' || k, (floor(random() * 10))::int::text FROM tracking.runs r, generate_series(0, 4) k`);
      await pg.query('ANALYZE');
      await pg.end();

      browser = await launchChromium();
      const page = await (
        await browser.newContext({ viewport: { width: 1440, height: 900 } })
      ).newPage();
      await page.goto(`${consoleUrl}/experiments`);
      await page.getByLabel('Email').fill('admin@sextant.local');
      await page.getByLabel('Password', { exact: true }).fill(oneTime);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Current password').fill(oneTime);
      await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm new password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByTestId('signed-in-as').waitFor();

      const rows = page.getByTestId('runs-table').locator('tbody tr');
      const firstRow = () => rows.first().textContent();
      const rowsShown = () =>
        page.waitForFunction(
          () => document.querySelectorAll('[data-testid="runs-table"] tbody tr').length >= 50,
        );
      const results = [];
      for (const s of sizes) {
        const timings = { load: [], sort: [], filter: [] };
        for (let r = 0; r < rounds; r++) {
          let t0 = performance.now();
          await page.goto(`${consoleUrl}/runs?project=default&experiment=${s.experiment}`);
          await rowsShown();
          timings.load.push(performance.now() - t0);

          const before = await firstRow();
          t0 = performance.now();
          await page.locator('th.num button.sort').nth(1).click(); // a metric column
          await page.waitForFunction(
            (b) => document.querySelector('[data-testid="runs-table"] tbody tr')?.textContent !== b,
            before,
          );
          timings.sort.push(performance.now() - t0);

          const range = await page.getByTestId('page-range').textContent();
          t0 = performance.now();
          const box = page.getByRole('textbox', { name: 'Filter' });
          await box.fill(`metrics.metric_1 > 0.5 and params.param_2 = '${r}'`);
          await box.press('Enter');
          await page.waitForFunction(
            (b) => document.querySelector('[data-testid="page-range"]')?.textContent !== b,
            range,
          );
          timings.filter.push(performance.now() - t0);
        }
        for (const [what, list] of Object.entries(timings)) {
          list.sort((a, b) => a - b);
          results.push({
            runs: s.runs.toLocaleString('en-US'),
            step: what,
            'p50 ms': percentile(list, 50).toFixed(0),
            'max ms': list[list.length - 1].toFixed(0),
          });
        }
      }
      console.log(
        `\nruns page in Chromium, ${rounds} rounds (baseline: the same page at 100 runs)\n`,
      );
      table(results);
    } finally {
      await browser?.close();
      await up.stop();
      await rm(home, { recursive: true, force: true });
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
