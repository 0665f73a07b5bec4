#!/usr/bin/env node
// `npm start` time to ready: runs the built `sextant up` (what `npm start` runs once the build is
// cached) with a fresh data folder, then again on the same folder, with and without the console.
// Ready = the "Sextant is ready" line. Baseline in the same run: a bare `node -e` start.
//   node bench/start-time.js [--runs 2]
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { table } = require('./lib');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2' } } });
const cli = path.resolve(__dirname, '../apps/cli/dist/main.js');

function timeUp(env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      if (out.includes('Sextant is ready')) {
        const ms = performance.now() - started;
        child.kill('SIGTERM');
        child.once('exit', () => resolve(ms));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!out.includes('Sextant is ready'))
        reject(new Error(`sextant up exited ${code}:\n${out}`));
    });
  });
}

async function main() {
  const rows = [];
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  rows.push({
    what: 'baseline: node -e ""',
    'first start (s)': ((performance.now() - t0) / 1000).toFixed(2),
    'next start (s)': '-',
  });
  const { DATABASE_URL: _d, KAFKA_BROKERS: _k, ...base } = process.env;
  for (const withConsole of [false, true]) {
    for (let r = 0; r < Number(values.runs); r++) {
      const home = mkdtempSync(path.join(tmpdir(), 'sx-bench-home-'));
      const env = {
        ...base,
        SEXTANT_HOME: home,
        PORT: '4900',
        CONSOLE_PORT: '3900',
        LOG_LEVEL: 'warn',
        SEXTANT_CONSOLE: withConsole ? '1' : '0',
      };
      const first = await timeUp(env);
      const next = await timeUp(env);
      rmSync(home, { recursive: true, force: true });
      rows.push({
        what: `sextant up, ${withConsole ? 'API + console' : 'API only'} (embedded db, run ${r + 1})`,
        'first start (s)': (first / 1000).toFixed(2),
        'next start (s)': (next / 1000).toFixed(2),
      });
    }
  }
  console.log(
    'time to "Sextant is ready" (build already done; first start = new data folder, migrations + admin)',
  );
  table(rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
