#!/usr/bin/env node
// An idle platform's own cost: tracking, serving and monitoring in this process on a throwaway
// PostgreSQL database with the database log (the standalone bus), no traffic. Prints this
// process's CPU per second and the database transactions per second its background loops make
// (consumers' polls and heartbeats, the outbox relay, serving's reconcile), after a settling time.
// Beside it, the baseline in the same run: the same platform with its outbox relay nudged every
// 20 ms (as enqueueEvent does), which keeps it at its fastest poll: the relay's behaviour before
// 2026-12-03. The database log's consumers slow down in both, since nothing is published.
//   node bench/idle-platform.js [--seconds 10] [--settle 5]
// Needs the built packages (npm run build) and PostgreSQL (DATABASE_URL or the local one).
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { adminUrl, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '5' },
  },
});
const SECONDS = Number(values.seconds);
const SETTLE = Number(values.settle);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(databaseUrl, name, nudge) {
  const { startPlatform } = require('@sextant/runtime');
  const { trackingService } = require('@sextant/tracking');
  const { servingService } = require('@sextant/serving');
  const { monitoringService } = require('@sextant/monitoring');
  const { outboxWrites } = require('@sextant/bus');
  const home = mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-idle-'));
  const running = await startPlatform({
    services: [trackingService, servingService, monitoringService],
    databaseUrl,
    home,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'warn',
  });
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const db = new URL(databaseUrl).pathname.slice(1);
  const transactions = async () =>
    Number(
      (
        await admin.query(
          'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
          [db],
        )
      ).rows[0].n,
    );
  // Nudging the relay every 20 ms: its old fixed polling.
  const nudger = nudge ? setInterval(() => outboxWrites.emit('enqueued'), 20) : undefined;
  try {
    await sleep(SETTLE * 1000);
    const tx0 = await transactions();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    const tx = (await transactions()) - tx0;
    return {
      case: name,
      'CPU ms/s': ((cpu.user + cpu.system) / 1000 / seconds).toFixed(1),
      'db transactions/s': (tx / seconds).toFixed(1),
    };
  } finally {
    if (nudger) clearInterval(nudger);
    await admin.end();
    await running.close();
    rmSync(home, { recursive: true, force: true });
  }
}

async function main() {
  const rows = [];
  await withDatabase(async (url) => rows.push(await measure(url, 'idle platform (now)', false)));
  await withDatabase(async (url) =>
    rows.push(await measure(url, 'baseline: relay nudged every 20 ms (the old fixed poll)', true)),
  );
  console.log(
    `idle platform: tracking + serving + monitoring on PostgreSQL, database log; ${SECONDS} s after ${SETTLE} s settling; ${os.cpus().length} cores`,
  );
  table(rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
