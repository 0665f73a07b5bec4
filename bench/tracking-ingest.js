#!/usr/bin/env node
// Metric ingestion: `tracking.runs.logBatch` over HTTP (the platform in this process on a throwaway
// PostgreSQL database; the client in a child process so that it does not share the server's event
// loop) against the baseline of a raw PostgreSQL COPY of the same rows into tracking.metrics, in
// the same run and database. Also a retried batch (same batchId: the server answers from its
// record and writes nothing) against its first write.
//   node bench/tracking-ingest.js [--batches 20] [--size 10000] [--concurrency 2]
// Needs the built packages (npx turbo run build --filter=@sextant/tracking...) and PostgreSQL
// (DATABASE_URL or the local one). Goal (issue 6): logBatch ≥ 0.5× COPY.
const { fork } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '20' },
    size: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '2' },
    load: { type: 'boolean', default: false },
  },
});

function batchBody(project, runId, batchId, size, offset) {
  const metrics = new Array(size);
  for (let i = 0; i < size; i++) {
    const n = offset + i;
    metrics[i] = {
      key: `metric_${n % 20}`,
      value: Math.sin(n) * 10,
      step: Math.floor(n / 20),
      timestamp: 1_767_225_600_000 + n,
    };
  }
  return JSON.stringify({ project, runId, batchId, metrics });
}

/** Child: sends the batches (bodies built before the clock starts), then the same batches again. */
async function runLoad({ url, key, project, runId, batches, size, concurrency }) {
  const bodies = Array.from({ length: batches }, (_, b) =>
    batchBody(project, runId, randomUUID(), size, b * size),
  );
  const send = async (body) => {
    const t0 = performance.now();
    const res = await fetch(`${url}/trpc/tracking/runs.logBatch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    return performance.now() - t0;
  };
  const pass = async () => {
    const latencies = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) latencies.push(await send(bodies[next++]));
      }),
    );
    return { seconds: (performance.now() - t0) / 1000, latencies: latencies.sort((a, b) => a - b) };
  };
  const first = await pass();
  const retry = await pass();
  return { first, retry };
}

if (values.load) {
  process.once('message', async (job) => {
    try {
      process.send(await runLoad(job));
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

async function copyRows(url, runId, batches, size) {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Rows rendered before the clock starts, as the HTTP client builds its bodies before it.
  const chunks = [];
  for (let b = 0; b < batches; b++) {
    let text = '';
    for (let i = 0; i < size; i++) {
      const n = b * size + i;
      text += `${runId}\tmetric_${n % 20}\t${Math.floor(n / 20)}\t${1_767_225_600_000 + n}\t${Math.sin(n) * 10}\n`;
    }
    chunks.push(text);
  }
  const t0 = performance.now();
  for (const text of chunks) {
    await client.query('BEGIN');
    await new Promise((resolve, reject) => {
      const stream = client.query(
        copyFrom('COPY tracking.metrics (run_id, key, step, timestamp, value) FROM STDIN'),
      );
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(text);
    });
    await client.query('COMMIT');
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return seconds;
}

async function main() {
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const { trackingService } = require('@sextant/tracking');
  const batches = Number(values.batches);
  const size = Number(values.size);
  const concurrency = Number(values.concurrency);
  await withDatabase(async (databaseUrl) => {
    const running = await startPlatform({
      services: [trackingService],
      databaseUrl,
      home: require('node:os').tmpdir(),
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
    });
    try {
      const key = (await bootstrapAdmin(running.platform.db.prisma)).key;
      const call = async (path, input) => {
        const res = await fetch(`${running.url}/trpc/tracking/${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return (await res.json()).result.data;
      };
      await call('experiments.create', { project: 'default', name: 'bench' });
      const httpRun = await call('runs.create', { project: 'default', experiment: 'bench' });
      const copyRun = await call('runs.create', { project: 'default', experiment: 'bench' });

      const child = fork(__filename, ['--load'], { stdio: 'inherit' });
      const result = await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once(
          'exit',
          (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)),
        );
        child.send({
          url: running.url,
          key,
          project: 'default',
          runId: httpRun.id,
          batches,
          size,
          concurrency,
        });
      });
      const copySeconds = await copyRows(databaseUrl, copyRun.id, batches, size);
      const rows = batches * size;
      const rate = (s) => Math.round(rows / s).toLocaleString('en-US');
      const ms = (x) => x.toFixed(1);
      console.log(
        `\n${batches} batches × ${size} metrics (${rows.toLocaleString('en-US')} rows), HTTP concurrency ${concurrency}\n`,
      );
      table([
        {
          case: 'raw COPY (baseline, one tx per batch)',
          'metrics/s': rate(copySeconds),
          'p50 ms': '',
          'p95 ms': '',
          ratio: '1.00',
        },
        {
          case: 'runs.logBatch over HTTP',
          'metrics/s': rate(result.first.seconds),
          'p50 ms': ms(percentile(result.first.latencies, 50)),
          'p95 ms': ms(percentile(result.first.latencies, 95)),
          ratio: (copySeconds / result.first.seconds).toFixed(2),
        },
        {
          case: 'the same batches retried (no write)',
          'metrics/s': rate(result.retry.seconds),
          'p50 ms': ms(percentile(result.retry.latencies, 50)),
          'p95 ms': ms(percentile(result.retry.latencies, 95)),
          ratio: (copySeconds / result.retry.seconds).toFixed(2),
        },
      ]);
      const stored = await running.platform.db.prisma
        .$queryRaw`SELECT count(*)::int AS n FROM tracking.metrics WHERE run_id = ${httpRun.id}::uuid`;
      console.log(
        `\nrows stored by logBatch: ${stored[0].n.toLocaleString('en-US')} (expected ${rows.toLocaleString('en-US')}: retries wrote nothing)`,
      );
    } finally {
      await running.close();
    }
  });
}
