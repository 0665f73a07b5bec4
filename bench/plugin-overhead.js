#!/usr/bin/env node
// Plugin call overhead: the same drift test on 5,000 × 5,000 samples, called --calls times
// in-process (the test's execute, as the built-in plugin runs) and through the plugin worker pool
// (PluginHost.runner, as a third-party plugin runs: structured clone of the reference profile and
// the current window to a worker thread, the result back). Two tests: PSI (the built-in test,
// wrapped as a third-party package for the pool) and mean_shift (plugins/example-drift, O(n), so
// that the overhead shows). Pool modes: one call at a time (latency), with the current window
// transferred instead of copied, and all calls in flight at once (throughput, --threads workers).
// The cost of copying alone (structuredClone of the same task) is printed beside.
//   node bench/plugin-overhead.js [--calls 1000] [--warmup 100] [--size 5000] [--threads 1]
// The overhead column compares medians (p50), which GC pauses on a shared machine disturb less than means.
// Needs the built packages: npm run build -w @sextant/monitoring -w plugins/example-drift
// (and their dependencies, which `npm run build` builds).
const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { percentile, table } = require('./lib');

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
    size: { type: 'string', default: '5000' },
    threads: { type: 'string', default: '1' },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const size = Number(values.size);
const threads = Number(values.threads);

const repo = path.resolve(__dirname, '..');
const { PluginHost } = require(path.join(repo, 'libs/monitoring/dist/index.js'));
const { buildReferenceProfile } = require(path.join(repo, 'libs/stats/dist/index.js'));
const { normalSample } = require(path.join(repo, 'libs/plugin-sdk/dist/testing/index.js'));
const { psiTest } = require(path.join(repo, 'plugins/stattests/dist/index.js'));
const { plugin: example } = require(path.join(repo, 'plugins/example-drift/dist/index.js'));

/** A plugin folder: the example plugin, and PSI re-exported as a third-party package. */
function pluginFolder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-plugins-'));
  const psi = path.join(dir, 'psi-pooled');
  mkdirSync(psi);
  const sdk = require.resolve(path.join(repo, 'libs/plugin-sdk/dist/index.js'));
  const stattests = require.resolve(path.join(repo, 'plugins/stattests/dist/index.js'));
  writeFileSync(
    path.join(psi, 'package.json'),
    JSON.stringify({
      name: '@bench/psi-pooled',
      version: '1.0.0',
      sextant: {
        type: 'drift-tests',
        apiVersion: 1,
        sdk: '^0.1.0',
        entry: './index.js',
        export: 'plugin',
      },
    }),
  );
  writeFileSync(
    path.join(psi, 'index.js'),
    `const sdk = require(${JSON.stringify(sdk)});
const { psiTest } = require(${JSON.stringify(stattests)});
const psi_pooled = sdk.defineDriftTest({ ...psiTest, name: 'psi_pooled' });
exports.plugin = sdk.definePlugin({ name: '@bench/psi-pooled', version: '1.0.0', apiVersion: 1, tests: [psi_pooled] });
`,
  );
  const { symlinkSync } = require('node:fs');
  symlinkSync(path.join(repo, 'plugins/example-drift'), path.join(dir, 'example-drift'), 'dir');
  return dir;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { mean, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function timeEach(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

function check(result, name) {
  if (typeof result.error === 'string')
    throw new Error(`${name}: ${result.reason}: ${result.error}`);
  return result;
}

async function main() {
  const reference = buildReferenceProfile(normalSample(1, size, 0, 1));
  const current = normalSample(2, size, 0.3, 1.1);
  const folder = pluginFolder();
  const host = await PluginHost.start({ folders: [folder], threads, timeoutMs: 60_000 });
  const refused = host.list().filter((p) => p.status === 'refused');
  if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused)}`);

  const cases = [
    { label: 'psi', inProcess: psiTest, pooled: 'psi_pooled' },
    { label: 'mean_shift', inProcess: example.getTest('mean_shift'), pooled: 'mean_shift' },
  ];
  const rows = [];
  for (const c of cases) {
    const expected = c.inProcess.execute(reference, current).statistic;
    const pooled = check(await host.runner.run(c.pooled, reference, current), c.pooled);
    if (pooled.statistic !== expected)
      throw new Error(`${c.label}: ${pooled.statistic} ≠ ${expected}`);

    const runInProcess = () => c.inProcess.execute(reference, current);
    const runPooled = async () =>
      check(await host.runner.run(c.pooled, reference, current), c.label);
    // A fresh copy per call (what a caller that gives its window away would do), then moved.
    const runTransfer = async () =>
      check(
        await host.runner.run(
          c.pooled,
          reference,
          Float64Array.from(current),
          {},
          { transfer: true },
        ),
        c.label,
      );
    const cloneOnly = () =>
      structuredClone({ op: 'run', test: c.pooled, reference, current, params: {} });

    await timeEach(warmup, runInProcess);
    await timeEach(warmup, runPooled);
    await timeEach(warmup, runTransfer);
    const inProcess = stats(await timeEach(calls, runInProcess));
    const pool = stats(await timeEach(calls, runPooled));
    const transfer = stats(await timeEach(calls, runTransfer));
    const clone = stats(await timeEach(calls, cloneOnly));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: calls }, runPooled));
    const inFlight = (performance.now() - t0) / calls;

    const fmt = (x) => x.toFixed(3);
    const signed = (x) => `${x < 0 ? '−' : '+'}${fmt(Math.abs(x))} ms`;
    const over = (x) => `${signed(x - inProcess.p50)} (${(x / inProcess.p50).toFixed(1)}×)`;
    rows.push(
      {
        test: c.label,
        mode: 'in-process',
        'mean ms': fmt(inProcess.mean),
        p50: fmt(inProcess.p50),
        p99: fmt(inProcess.p99),
        overhead: '',
      },
      {
        test: c.label,
        mode: 'pool, one at a time',
        'mean ms': fmt(pool.mean),
        p50: fmt(pool.p50),
        p99: fmt(pool.p99),
        overhead: over(pool.p50),
      },
      {
        test: c.label,
        mode: 'pool, current transferred',
        'mean ms': fmt(transfer.mean),
        p50: fmt(transfer.p50),
        p99: fmt(transfer.p99),
        overhead: over(transfer.p50),
      },
      {
        test: c.label,
        mode: `pool, ${calls} in flight (wall / call)`,
        'mean ms': fmt(inFlight),
        p50: '',
        p99: '',
        overhead: `${signed(inFlight - inProcess.mean)} (vs mean)`,
      },
      {
        test: c.label,
        mode: 'structuredClone of the task alone',
        'mean ms': fmt(clone.mean),
        p50: fmt(clone.p50),
        p99: fmt(clone.p99),
        overhead: '',
      },
    );
  }
  await host.close();
  rmSync(folder, { recursive: true, force: true });

  console.log(
    `plugin call overhead: ${size.toLocaleString('en')} × ${size.toLocaleString('en')} samples, ${calls} calls (+${warmup} warm-up), ${threads} worker thread(s), node ${process.version}, ${os.cpus().length} cores`,
  );
  table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
