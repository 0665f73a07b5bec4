#!/usr/bin/env node
// The model registry's two figures of issue 7, each beside its baseline in the same run:
// 1. registering a version of a 1 MB and a 50 MB ONNX file — the artifact upload (streamed,
//    sha256 computed on the way into the store) and `models.createVersion` (read back, parsed,
//    loaded by onnxruntime, signature read) — vs `sha256sum` of the same file;
// 2. `models.aliasAt` p50/p95 over HTTP with 10,000 moves of one alias (moves seeded with SQL),
//    vs `models.getByAlias` (the current pointer) in the same run.
//   node bench/registry.js [--sizes 1,50] [--rounds 3] [--moves 10000] [--requests 300]
// Needs the built packages and PostgreSQL (DATABASE_URL or the local one).
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,50' },
    rounds: { type: 'string', default: '3' },
    moves: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
  },
});

/** A valid logistic regression whose weights make the file about `mb` megabytes (float32). */
function onnxOfSize(mb) {
  const { logisticRegressionModel } = require('@sextant/onnx');
  const features = Math.round((mb * 1e6) / (2 * 4));
  const weights = [0, 1].map((c) =>
    Array.from({ length: features }, (_, i) => ((i % 97) - 48 + c) / 97),
  );
  return Buffer.from(logisticRegressionModel({ weights, intercepts: [0, 0], classLabels: [0, 1] }));
}

const ms = (t0) => performance.now() - t0;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  process.env.ORT_DISABLE_TELEMETRY = '1';
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const { trackingService } = require('@sextant/tracking');
  const rounds = Number(values.rounds);
  const home = mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-registry-'));
  await withDatabase(async (databaseUrl) => {
    const running = await startPlatform({
      services: [trackingService],
      databaseUrl,
      home,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
    });
    try {
      const key = (await bootstrapAdmin(running.platform.db.prisma)).key;
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const call = async (type, name, input) => {
        const url = `${running.url}/trpc/tracking/${name}`;
        const res =
          type === 'query'
            ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
            : await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) });
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
        return (await res.json()).result.data;
      };
      await call('mutation', 'experiments.create', { project: 'default', name: 'bench' });
      const run = await call('mutation', 'runs.create', {
        project: 'default',
        experiment: 'bench',
      });
      const model = await call('mutation', 'models.create', { project: 'default', name: 'big' });

      // 1. Registration vs sha256sum.
      const rows = [];
      for (const mb of values.sizes.split(',').map(Number)) {
        const bytes = onnxOfSize(mb);
        const file = path.join(home, `model-${mb}.onnx`);
        writeFileSync(file, bytes);
        const put = [];
        const register = [];
        const sum = [];
        for (let r = 0; r < rounds; r++) {
          let t0 = performance.now();
          execFileSync('sha256sum', [file]);
          sum.push(ms(t0));
          const artifactPath = `model/${mb}-${r}.onnx`;
          t0 = performance.now();
          const res = await fetch(
            `${running.url}/api/v1/runs/${run.id}/artifacts/${artifactPath}`,
            {
              method: 'PUT',
              headers: { authorization: `Bearer ${key}` },
              body: bytes,
            },
          );
          if (res.status !== 201) throw new Error(`PUT: ${res.status} ${await res.text()}`);
          put.push(ms(t0));
          t0 = performance.now();
          await call('mutation', 'models.createVersion', {
            project: 'default',
            model: 'big',
            runId: run.id,
            artifactPath,
          });
          register.push(ms(t0));
        }
        const total = put.map((p, i) => p + register[i]);
        rows.push({
          file: `${(bytes.length / 1e6).toFixed(1)} MB`,
          'sha256sum ms (baseline)': median(sum).toFixed(1),
          'upload+hash ms': median(put).toFixed(1),
          'createVersion ms': median(register).toFixed(1),
          'total ms': median(total).toFixed(1),
          'total / sha256sum': `${(median(total) / median(sum)).toFixed(1)}×`,
        });
      }
      console.log(`registration (median of ${rounds}):`);
      table(rows);

      // 2. aliasAt with many moves (seeded straight into the append-only history).
      const moves = Number(values.moves);
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      const start = Date.now() - moves * 60_000;
      await pg.query(
        `INSERT INTO tracking.alias_moves (model_id, alias, from_version, to_version, at)
         SELECT $1::uuid, 'champion', CASE WHEN g = 1 THEN NULL ELSE 1 + (g - 2) % 2 END, 1 + (g - 1) % 2,
                to_timestamp(($2::bigint + g * 60000) / 1000.0)
         FROM generate_series(1, $3::int) g`,
        [model.id, start, moves],
      );
      await pg.query(
        `INSERT INTO tracking.model_aliases (model_id, alias, version, updated_at)
         VALUES ($1::uuid, 'champion', 1 + ($2::int - 1) % 2, now())`,
        [model.id, moves],
      );
      await pg.query('ANALYZE tracking.alias_moves');
      await pg.end();
      const requests = Number(values.requests);
      const time = async (fn) => {
        const out = [];
        for (let i = 0; i < 20; i++) await fn(i); // warm-up
        for (let i = 0; i < requests; i++) {
          const t0 = performance.now();
          await fn(i);
          out.push(ms(t0));
        }
        return out.sort((a, b) => a - b);
      };
      const current = await time(() =>
        call('query', 'models.getByAlias', { project: 'default', model: 'big', alias: 'champion' }),
      );
      const at = await time((i) =>
        call('query', 'models.aliasAt', {
          project: 'default',
          model: 'big',
          alias: 'champion',
          at: start + ((i * 7919) % moves) * 60_000 + 30_000,
        }),
      );
      console.log(`\naliasAt with ${moves} moves of one alias (${requests} sequential requests):`);
      table([
        {
          call: 'getByAlias (baseline)',
          'p50 ms': percentile(current, 50).toFixed(2),
          'p95 ms': percentile(current, 95).toFixed(2),
        },
        {
          call: 'aliasAt (random T)',
          'p50 ms': percentile(at, 50).toFixed(2),
          'p95 ms': percentile(at, 95).toFixed(2),
        },
      ]);
    } finally {
      await running.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
