#!/usr/bin/env node
// `tracking.runs.search` at 10,000 runs × 20 metrics × 5 params (seeded with SQL, not timed): p50
// and p95 over HTTP of a page of 50 runs with a filter on a metric and a param, ordered by a
// metric — and, as the baseline in the same run, the same query's SQL alone (EXPLAIN ANALYZE's
// execution time), so the HTTP, tRPC and JSON costs show.
//   node bench/tracking-search.js [--runs 10000] [--requests 200]
// Needs the built packages and PostgreSQL (DATABASE_URL or the local one). Goal: p95 < 100 ms.
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '200' },
  },
});

async function main() {
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const { trackingService } = require('@sextant/tracking');
  const runs = Number(values.runs);
  const requests = Number(values.requests);
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
      const call = async (type, path, input) => {
        const url = `${running.url}/trpc/tracking/${path}`;
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
        const res =
          type === 'query'
            ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
            : await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) });
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return (await res.json()).result.data;
      };
      const experiment = await call('mutation', 'experiments.create', {
        project: 'default',
        name: 'sweep',
      });

      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      const t0 = performance.now();
      await pg.query(
        `INSERT INTO tracking.runs (id, project_id, experiment_id, name, status, start_time)
         SELECT gen_random_uuid(), e.project_id, e.id, 'run-' || g, 'finished', now() - g * interval '1 minute'
         FROM tracking.experiments e, generate_series(1, $1) g WHERE e.id = $2`,
        [runs, experiment.id],
      );
      await pg.query(
        `INSERT INTO tracking.latest_metrics (run_id, key, step, timestamp, value)
         SELECT r.id, 'metric_' || k, 100, 0, random() FROM tracking.runs r, generate_series(0, 19) k`,
      );
      await pg.query(
        `INSERT INTO tracking.run_params (run_id, key, value)
         SELECT r.id, 'param_' || k, (floor(random() * 10))::int::text FROM tracking.runs r, generate_series(0, 4) k`,
      );
      await pg.query('ANALYZE');
      console.log(
        `seeded ${runs} runs × 20 metrics × 5 params in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const cases = [
        { name: 'newest first, no filter', input: { orderBy: [] } },
        {
          name: "metrics.metric_3 > 0.5 and params.param_1 = '4', by metric_7 DESC",
          input: {
            filter: "metrics.metric_3 > 0.5 and params.param_1 = '4'",
            orderBy: ['metrics.metric_7 DESC'],
          },
        },
        {
          name: 'by metrics.metric_0 DESC, no filter',
          input: { orderBy: ['metrics.metric_0 DESC'] },
        },
      ];
      const rows = [];
      for (const c of cases) {
        const input = { project: 'default', experiments: ['sweep'], limit: 50, ...c.input };
        for (let i = 0; i < 10; i++) await call('query', 'runs.search', input); // warm-up
        const latencies = [];
        let total = 0;
        for (let i = 0; i < requests; i++) {
          const s = performance.now();
          total = (await call('query', 'runs.search', input)).total;
          latencies.push(performance.now() - s);
        }
        latencies.sort((a, b) => a - b);
        rows.push({
          case: c.name,
          matches: total,
          'p50 ms': percentile(latencies, 50).toFixed(1),
          'p95 ms': percentile(latencies, 95).toFixed(1),
        });
      }
      // Baseline: the filtered query's SQL alone, as the repository sends it.
      const plan = await pg.query(
        `EXPLAIN (ANALYZE, FORMAT JSON)
         SELECT r.*, count(*) OVER () FROM tracking.runs r
         WHERE r.project_id = (SELECT project_id FROM tracking.experiments LIMIT 1) AND r.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM tracking.latest_metrics m WHERE m.run_id = r.id AND m.key = 'metric_3' AND m.value > 0.5 AND m.value <> 'NaN')
           AND EXISTS (SELECT 1 FROM tracking.run_params p WHERE p.run_id = r.id AND p.key = 'param_1' AND p.value = '4')
         ORDER BY (SELECT m.value FROM tracking.latest_metrics m WHERE m.run_id = r.id AND m.key = 'metric_7') DESC NULLS LAST, r.start_time DESC, r.id
         LIMIT 50`,
      );
      rows.push({
        case: 'baseline: the filtered query in PostgreSQL alone',
        matches: '',
        'p50 ms': plan.rows[0]['QUERY PLAN'][0]['Execution Time'].toFixed(1),
        'p95 ms': '',
      });
      await pg.end();
      console.log(
        `\nruns.search over HTTP, page of 50 of ${runs} runs, ${requests} requests each (goal p95 < 100 ms)\n`,
      );
      table(rows);
    } finally {
      await running.close();
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
