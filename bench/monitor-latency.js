#!/usr/bin/env node
// Monitoring (issue 9): prediction → drift report latency over real Kafka. The platform (tracking,
// serving, monitoring) runs in this process on a throwaway PostgreSQL database and the Kafka broker
// (KAFKA_BROKERS, default 127.0.0.1:9092), under its own topic namespace. A credit-risk logistic
// regression (4 features, from @sextant/onnx) is registered and deployed, and a monitor watches it
// with tumbling count windows (--window records). Then, window after window: one window's
// predictions are sent (one batch request, or --per-request records per request, in sequence),
// the time the last answer arrived is noted, and `monitoring.monitors.reports` is polled (every
// --poll ms) until that window's report is there. Latency = report seen − last answer.
// The parts that explain it, per window:
//   flush wait   last answer → the prediction-log message was made (its envelope's occurredAt):
//                serving buffers records and publishes every logFlushMs (or at 500 records);
//   Kafka        → an observer consumer (its own group, in this process) received that message;
//   pickup       → monitoring's consumer began its transaction (platform.processed_events
//                .processed_at for the message's event id: the transaction's start time);
//   ingest       → the report row was made (drift_reports.created_at);
//   seen         → the poll that first returned the report (commit + polling).
// Baseline in the same run, interleaved between windows (--pings after each): the Kafka round
// trip of one small message through the platform bus (bus.publish → bus.consume's handler, which
// runs in the same idempotent transaction as monitoring's consumer), and the bare transport
// (transport.publish → onMessage).
// Each --flush value (serving's prediction-log flush interval, ms) gets its own platform and
// database. Before each window the bench waits a random time in [0, flush) (seeded), so that the
// last answer falls at a random phase of the flush timer, as live traffic would (--sync: no wait,
// which phase-locks the bench to the timer and is not representative).
//   node bench/monitor-latency.js [--window 200] [--windows 30] [--warmup 1] [--flush 1000,100]
//                                 [--per-request 200] [--poll 20] [--pings 5] [--sync]
// Needs the built packages (npm run build -w @sextant/serving -w @sextant/monitoring …),
// PostgreSQL (DATABASE_URL or the local one) and Kafka (infra/kafka/start.sh).
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { brokers, percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    window: { type: 'string', default: '200' },
    windows: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '1' },
    flush: { type: 'string', default: '1000,100' },
    'per-request': { type: 'string' },
    poll: { type: 'string', default: '20' },
    pings: { type: 'string', default: '5' },
    sync: { type: 'boolean', default: false },
  },
});

const PROJECT = 'default';
const FEATURES = ['income', 'debt', 'age', 'history_score'];
const MODEL = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };
const DEPLOYMENT = {
  outputFields: [{ field: 'default_probability', output: 'probabilities', column: 1, round: 4 }],
  decision: {
    rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
    otherwise: 'approve',
  },
};

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with database times). */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');

/** mulberry32: seeded uniforms; Box–Muller normals. */
function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applicants from one stationary distribution (so that windows do not drift; alerts stay quiet). */
function applicants(seed) {
  const u = mulberry32(seed);
  const n = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return () => ({
    income: 55000 + 15000 * n(),
    debt: 20000 + 8000 * n(),
    age: 40 + 10 * n(),
    history_score: Math.min(1, Math.max(0, 0.6 + 0.15 * n())),
  });
}

async function eventually(fn, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(200);
    }
  }
}

/** Resolves when `pred(value)` holds for a value passed to the returned `push`. */
function mailbox() {
  const waiters = [];
  return {
    push(value) {
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].pred(value)) {
          waiters[i].resolve(value);
          waiters.splice(i, 1);
        }
      }
    },
    wait(pred, ms, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
        waiters.push({
          pred,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
        });
      });
    },
  };
}

/** One platform with serving's log flushed every `flushMs`: the windows and the baselines. */
async function runConfig(flushMs, opts) {
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const { defineEvent } = require('@sextant/bus');
  const { predictionsLogged } = require('@sextant/contracts');
  const { trackingService } = require('@sextant/tracking');
  const { createServingService } = require('@sextant/serving');
  const { monitoringService } = require('@sextant/monitoring');
  const { createClient } = require('@sextant/client');
  const { putArtifact, registerModel, startRun } = require('@sextant/client/training');
  const { logisticRegressionModel } = require('@sextant/onnx');
  const { z } = require('zod');

  const home = mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-monitor-'));
  try {
    return await withDatabase(async (databaseUrl) => {
      const running = await startPlatform({
        services: [
          trackingService,
          createServingService({ workers: { logFlushMs: flushMs } }),
          monitoringService,
        ],
        databaseUrl,
        kafkaBrokers: brokers(),
        kafkaNamespace: `bench-${randomBytes(4).toString('hex')}`,
        home,
        host: '127.0.0.1',
        port: 0,
        logLevel: 'warn',
      });
      const subscriptions = [];
      try {
        const { bus, db } = running.platform;
        const key = (await bootstrapAdmin(db.prisma)).key;
        const connection = { url: running.url, apiKey: key };
        const client = createClient(connection);

        // Register and deploy the model (serving learns the alias through Kafka: retried).
        const run = await startRun(
          connection,
          { project: PROJECT, experiment: 'credit-risk', name: 'v1' },
          (r) => r.logParams({ features: FEATURES.join(',') }),
        );
        const onnx = logisticRegressionModel({
          weights: [[0, 0, 0, 0], MODEL.w],
          intercepts: [0, MODEL.b],
          classLabels: [0, 1],
          featureNames: FEATURES,
        });
        await putArtifact(connection, run.id, 'model.onnx', onnx);
        await registerModel(connection, {
          project: PROJECT,
          model: 'credit-risk',
          runId: run.id,
          artifactPath: 'model.onnx',
          alias: 'champion',
        });
        await eventually(() =>
          client.serving.deployments.create.mutate({
            project: PROJECT,
            name: 'credit-risk',
            model: 'credit-risk',
            ...DEPLOYMENT,
          }),
        );
        // Monitoring learns the deployment through Kafka too.
        const monitor = await eventually(() =>
          client.monitoring.monitors.create.mutate({
            project: PROJECT,
            name: 'credit-drift',
            deployment: 'credit-risk',
            window: { kind: 'count', size: opts.window },
            performance: { output: 'default_probability' },
          }),
        );

        // Observer of the prediction log (its own group): when each message is on Kafka.
        const logged = mailbox();
        subscriptions.push(
          await bus.transport.subscribe({
            groupId: 'bench.observer',
            topics: [predictionsLogged.topic],
            fromBeginning: true,
            onMessage: async (m) => {
              const at = now();
              try {
                const envelope = JSON.parse(m.value);
                logged.push({ at, envelope });
              } catch {
                // not ours
              }
            },
          }),
        );

        // Baselines: one small message through the bus (envelope + idempotent transaction), and
        // through the bare transport.
        const ping = defineEvent({
          name: 'bench.ping',
          version: 1,
          schema: z.object({ seq: z.number().int() }),
          key: () => 'ping',
        });
        const pinged = mailbox();
        subscriptions.push(
          await bus.consume({
            group: 'bench.ping',
            events: [ping],
            handler: async (envelope) => pinged.push({ at: now(), seq: envelope.payload.seq }),
          }),
        );
        const raw = mailbox();
        subscriptions.push(
          await bus.transport.subscribe({
            groupId: 'bench.raw',
            topics: ['bench.raw'],
            onMessage: async (m) => raw.push({ at: now(), seq: Number(m.value) }),
          }),
        );
        let seqPing = 0;
        const busTrip = async () => {
          const seq = seqPing++;
          const got = pinged.wait((p) => p.seq === seq, 30_000, 'a bus ping');
          const t0 = now();
          await bus.publish(ping, [{ seq }]);
          return (await got).at - t0;
        };
        const rawTrip = async () => {
          const seq = seqPing++;
          const got = raw.wait((p) => p.seq === seq, 30_000, 'a raw ping');
          const t0 = now();
          await bus.transport.publish('bench.raw', [{ key: 'ping', value: String(seq) }]);
          return (await got).at - t0;
        };
        // The first round trips create topics and warm the producer: not counted.
        for (let i = 0; i < 3; i++) {
          await busTrip();
          await rawTrip();
        }

        // Serving answers before the clock starts (the first request loads the model). The
        // answer of a record that is not a window's is logged too: count it into the first window.
        const next = applicants(7);
        const predict = async (records) => {
          const res = await fetch(
            `${running.url}/v1/models/credit-risk:predict?project=${PROJECT}`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
              body: JSON.stringify(records),
            },
          );
          const body = await res.json();
          if (res.status !== 200) throw new Error(`predict ${res.status}: ${JSON.stringify(body)}`);
          return body;
        };
        await eventually(() => predict([next()]), 30_000);
        let carry = 1;

        const random = mulberry32(11);
        const reports = client.monitoring.monitors.reports;
        const total = 1 + opts.warmup + opts.windows; // window 0 becomes the reference
        const rows = [];
        const busTrips = [];
        const rawTrips = [];
        for (let seq = 0; seq < total; seq++) {
          if (!opts.sync) await sleep(random() * flushMs);
          const records = Array.from({ length: opts.window - carry }, next);
          carry = 0;
          let lastId;
          let lastAnswer = 0;
          for (let i = 0; i < records.length; i += opts.perRequest) {
            const answers = await predict(records.slice(i, i + opts.perRequest));
            lastAnswer = now();
            lastId = answers[answers.length - 1].id;
          }
          const message = logged.wait(
            (m) => m.envelope.payload?.predictions?.some((p) => p.id === lastId),
            60_000,
            `the log message of window ${seq}`,
          );
          let seen;
          let report;
          for (const until = Date.now() + 60_000; ;) {
            const [newest] = await reports.query({
              project: PROJECT,
              monitor: 'credit-drift',
              limit: 1,
            });
            if (newest && newest.windowSeq >= seq) {
              seen = now();
              report = newest;
              break;
            }
            if (Date.now() > until) throw new Error(`no report of window ${seq} within 60 s`);
            await sleep(opts.poll);
          }
          if (report.windowSeq !== seq) throw new Error(`window ${seq}: saw ${report.windowSeq}`);
          const { at: observed, envelope } = await message;
          const [processed] = await db.prisma.$queryRawUnsafe(
            `SELECT processed_at FROM platform.processed_events WHERE consumer = $1 AND event_id = $2::uuid`,
            'monitoring.predictions',
            envelope.id,
          );
          const row = await db.prisma.driftReport.findFirst({
            where: { monitorId: monitor.id, windowSeq: seq },
            select: { createdAt: true },
          });
          const made = Date.parse(envelope.occurredAt);
          const picked = processed ? processed.processed_at.getTime() : NaN;
          const written = row.createdAt.getTime();
          rows.push({
            seq,
            status: report.status,
            total: seen - lastAnswer,
            flush: made - lastAnswer,
            kafka: observed - made,
            pickup: picked - made,
            ingest: written - picked,
            seen: seen - written,
            batches: envelope.payload.predictions.length,
          });
          for (let i = 0; i < opts.pings; i++) {
            busTrips.push(await busTrip());
            rawTrips.push(await rawTrip());
          }
        }
        return { rows, busTrips, rawTrips };
      } finally {
        for (const s of subscriptions) await s.stop().catch(() => undefined);
        await running.close();
      }
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const sorted = (xs) => Float64Array.from(xs.filter(Number.isFinite)).sort();
const stats = (name, xs, d = 1) => {
  const s = sorted(xs);
  return {
    figure: name,
    n: s.length,
    p50: f(percentile(s, 50), d),
    p95: f(percentile(s, 95), d),
    p99: f(percentile(s, 99), d),
    max: f(s[s.length - 1], d),
  };
};

async function main() {
  process.env.ORT_DISABLE_TELEMETRY = '1';
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const opts = {
    window: Number(values.window),
    windows: Number(values.windows),
    warmup: Number(values.warmup),
    perRequest: Number(values['per-request'] ?? values.window),
    poll: Number(values.poll),
    pings: Number(values.pings),
    sync: values.sync,
  };
  const flushes = values.flush.split(',').map(Number);
  console.log(
    `monitor latency: count windows of ${opts.window} records, ${opts.windows} measured ` +
      `(+1 reference, +${opts.warmup} warm-up), ${opts.perRequest} records per request, ` +
      `poll every ${opts.poll} ms, ${opts.sync ? 'no think time' : 'random think time in [0, flush)'}; ` +
      `Kafka ${brokers().join(',')}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} ` +
      `on ${os.cpus().length} cores`,
  );
  for (const flushMs of flushes) {
    const { rows, busTrips, rawTrips } = await runConfig(flushMs, opts);
    const measured = rows.slice(1 + opts.warmup);
    const col = (k) => measured.map((r) => r[k]);
    console.log(`\nlogFlushMs ${flushMs} (ms; windows ${measured[0].seq}–${measured.at(-1).seq})`);
    table([
      stats('prediction → report seen', col('total')),
      stats('  flush wait (answer → log message made)', col('flush')),
      stats('  Kafka (→ observer consumer received)', col('kafka')),
      stats('  pickup (→ monitoring tx began)', col('pickup')),
      stats('  ingest + report (→ report row)', col('ingest')),
      stats('  commit + poll (→ a poll returned it)', col('seen')),
      stats('baseline: bus round trip, 1 message', busTrips),
      stats('baseline: bare transport round trip', rawTrips),
    ]);
    const ref = rows[0];
    console.log(
      `reference window 0 (not counted): ${f(ref.total)} ms (flush ${f(ref.flush)}, ` +
        `pickup ${f(ref.pickup)}, ingest ${f(ref.ingest)}); records per log message: ` +
        `${[...new Set(rows.map((r) => r.batches))].join(', ')}; statuses: ` +
        `${[...new Set(measured.map((r) => r.status))].join(', ')}`,
    );
  }
  console.log(
    `\nload average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
