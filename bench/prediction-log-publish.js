#!/usr/bin/env node
// The prediction log's publish (issue 8): what one batch of 500 prediction records costs to
// publish on the database log (the standalone default bus), as serving publishes it (unchecked:
// consumers check): this process's CPU (JSON, the append through the bulk connection) and
// PostgreSQL's CPU (all its processes: the append statement, TOAST compression, WAL). Beside it
// in the same run: the same records as version 1 of the contract (records, before columns), the
// floor (the same envelope bytes written by one plain INSERT into a table with a text column),
// and what a consumer's contract check costs per batch.
//   node bench/prediction-log-publish.js [--batches 200] [--records 500] [--rounds 3]
// Needs the built packages (npm run build) and PostgreSQL (DATABASE_URL or the local one) on this
// machine (its CPU is read from /proc).
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '200' },
    records: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
  },
});
const BATCHES = Number(values.batches);
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);

/** CPU time (ms) of every PostgreSQL process on this machine. */
function postgresCpuMs() {
  let pids;
  try {
    pids = execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return NaN;
  }
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  let ms = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return ms;
}

/** One batch as version 1 of the contract has it: 500 answered requests of one deployment. */
function payloadV1(deploymentId, projectId) {
  const at = new Date().toISOString();
  return {
    project: 'default',
    projectId,
    deploymentId,
    deployment: 'credit-risk',
    model: 'credit-risk',
    from: at,
    to: at,
    predictions: Array.from({ length: RECORDS }, (_, i) => ({
      id: randomUUID(),
      at,
      revision: 3,
      modelVersion: 2,
      route: 'champion',
      inputs: {
        income: 20000 + ((i * 7919) % 90000),
        debt: 1000 + ((i * 104729) % 40000),
        age: 21 + ((i * 13) % 50),
        history_score: ((i * 37) % 100) / 100,
      },
      outputs: { default_probability: Math.round(Math.random() * 1e4) / 1e4 },
      decision: i % 3 ? 'approve' : 'decline',
      latencyMs: 0.4 + (i % 10) / 100,
    })),
  };
}

/** The same batch as serving publishes it now (version 2: columns). */
function columnsOf(v1) {
  const p = v1.predictions;
  const col = (f) => p.map(f);
  const keys = (f) =>
    Object.fromEntries(Object.keys(f(p[0])).map((k) => [k, p.map((r) => f(r)[k])]));
  return {
    ...v1,
    predictions: {
      count: p.length,
      id: col((r) => r.id),
      atMs: col((r) => Date.parse(r.at)),
      revision: col((r) => r.revision),
      modelVersion: col((r) => r.modelVersion),
      route: col((r) => r.route),
      inputs: keys((r) => r.inputs),
      outputs: keys((r) => r.outputs),
      decision: col((r) => r.decision),
      latencyMs: col((r) => r.latencyMs),
    },
  };
}

async function measure(batches, publish) {
  const pg0 = postgresCpuMs();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const b of batches) await publish(b);
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return {
    nodeMs: (used.user + used.system) / 1000 / batches.length,
    pgMs: (postgresCpuMs() - pg0) / batches.length,
    wallMs: wall / batches.length,
  };
}

async function main() {
  const { openDatabase } = require('@sextant/db');
  const { DatabaseLogTransport, EventBus, createEnvelope } = require('@sextant/bus');
  const { predictionsLogged, predictionsLoggedV1 } = require('@sextant/contracts');
  await withDatabase(async (url) => {
    const db = await openDatabase({ url, migrate: true });
    const transport = new DatabaseLogTransport({ prisma: db.prisma, bulk: db.bulk });
    await transport.connect();
    await transport.ensureTopics([{ topic: predictionsLogged.topic, partitions: 8 }]);
    const bus = new EventBus(transport, db.prisma);
    const floor = new Client({ connectionString: url });
    await floor.connect();
    await floor.query('CREATE TABLE floor_log (id bigserial PRIMARY KEY, value text NOT NULL)');
    const projectId = randomUUID();
    const deployments = Array.from({ length: 8 }, () => randomUUID());
    const results = { publish: [], v1: [], floor: [], check: [], json: [], jsonV1: [] };
    const unchecked = { unchecked: true };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const v1 = Array.from({ length: BATCHES }, (_, i) =>
          payloadV1(deployments[i % deployments.length], projectId),
        );
        const batches = v1.map(columnsOf);
        const envelope = (def, b) => createEnvelope(def, b, unchecked);
        const encoded = batches.map((b) => JSON.stringify(envelope(predictionsLogged, b)));
        const envelopes = batches.map((b) => envelope(predictionsLogged, b));
        const envelopesV1 = v1.map((b) => envelope(predictionsLoggedV1, b));
        results.publish.push(
          await measure(batches, (b) => bus.publish(predictionsLogged, [b], unchecked)),
        );
        results.v1.push(await measure(v1, (b) => bus.publish(predictionsLoggedV1, [b], unchecked)));
        results.floor.push(
          await measure(encoded, (v) =>
            floor.query('INSERT INTO floor_log (value) VALUES ($1)', [v]),
          ),
        );
        results.check.push(
          await measure(batches, async (b) => void predictionsLogged.schema.parse(b)),
        );
        results.json.push(await measure(envelopes, async (e) => void JSON.stringify(e)));
        results.jsonV1.push(await measure(envelopesV1, async (e) => void JSON.stringify(e)));
      }
      const sample = payloadV1(deployments[0], projectId);
      const kb = (def, b) =>
        (JSON.stringify(createEnvelope(def, b, unchecked)).length / 1024).toFixed(0);
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const row = (label, list, pg = true) => ({
        case: label,
        'node CPU ms/batch': median(list.map((r) => r.nodeMs)).toFixed(2),
        'PostgreSQL CPU ms/batch': pg ? median(list.map((r) => r.pgMs)).toFixed(2) : '-',
        'wall ms/batch': median(list.map((r) => r.wallMs)).toFixed(2),
        'node µs/record': ((median(list.map((r) => r.nodeMs)) * 1000) / RECORDS).toFixed(2),
      });
      console.log(
        `prediction log publish: ${BATCHES} batches of ${RECORDS} records (envelope ${kb(predictionsLogged, columnsOf(sample))} KB as columns, ` +
          `${kb(predictionsLoggedV1, sample)} KB as records), ${ROUNDS} round(s), medians; PostgreSQL CPU = all its processes (/proc)`,
      );
      table([
        row(
          'bus.publish on the database log, v2 columns (JSON + append via bulk)',
          results.publish,
        ),
        row('  the same records as v1 (records), published alike', results.v1),
        row('floor: the v2 envelope JSON, one plain INSERT (text column)', results.floor),
        row('  of which: JSON.stringify of the v2 envelope', results.json, false),
        row('  of which: JSON.stringify of the v1 envelope', results.jsonV1, false),
        row("a consumer's contract check of a v2 batch (zod)", results.check, false),
      ]);
      const total = (k) => median(results[k].map((r) => r.nodeMs + r.pgMs));
      console.log(
        `   node + PostgreSQL CPU: v2 / v1 ${(total('publish') / total('v1')).toFixed(2)}×, ` +
          `v2 / floor ${(total('publish') / total('floor')).toFixed(2)}×`,
      );
    } finally {
      await floor.end();
      await transport.close();
      await db.close();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
