#!/usr/bin/env node
// The prediction log's publish (issue 8): what one batch of 500 prediction records costs to
// publish on the database log (the standalone default bus): this process's CPU (the envelope's
// zod validation, JSON, the append through the bulk connection) and PostgreSQL's CPU (all its
// processes: the append statement, TOAST compression, WAL), against the floor in the same run:
// the same envelope bytes written by one plain INSERT into a table with a text column.
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

/** One batch as serving publishes it: 500 answered requests of one deployment. */
function payload(deploymentId, projectId) {
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
  const { predictionsLogged } = require('@sextant/contracts');
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
    const results = { publish: [], floor: [], envelope: [], json: [] };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const batches = Array.from({ length: BATCHES }, (_, i) =>
          payload(deployments[i % deployments.length], projectId),
        );
        const encoded = batches.map((b) => JSON.stringify(createEnvelope(predictionsLogged, b)));
        const envelopes = batches.map((b) => createEnvelope(predictionsLogged, b));
        results.publish.push(await measure(batches, (b) => bus.publish(predictionsLogged, [b])));
        results.floor.push(
          await measure(encoded, (v) =>
            floor.query('INSERT INTO floor_log (value) VALUES ($1)', [v]),
          ),
        );
        results.envelope.push(
          await measure(batches, async (b) => void createEnvelope(predictionsLogged, b)),
        );
        results.json.push(await measure(envelopes, async (e) => void JSON.stringify(e)));
      }
      const bytes = JSON.stringify(
        createEnvelope(predictionsLogged, payload(deployments[0], projectId)),
      ).length;
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const row = (label, list, pg = true) => ({
        case: label,
        'node CPU ms/batch': median(list.map((r) => r.nodeMs)).toFixed(2),
        'PostgreSQL CPU ms/batch': pg ? median(list.map((r) => r.pgMs)).toFixed(2) : '-',
        'wall ms/batch': median(list.map((r) => r.wallMs)).toFixed(2),
        'node µs/record': ((median(list.map((r) => r.nodeMs)) * 1000) / RECORDS).toFixed(2),
      });
      console.log(
        `prediction log publish: ${BATCHES} batches of ${RECORDS} records (${(bytes / 1024).toFixed(0)} KB envelope each), ` +
          `${ROUNDS} round(s), medians; PostgreSQL CPU = all its processes (/proc)`,
      );
      table([
        row('bus.publish on the database log (zod + JSON + append via bulk)', results.publish),
        row('floor: the same envelope JSON, one plain INSERT (text column)', results.floor),
        row('  of which: createEnvelope (zod validation)', results.envelope, false),
        row('  of which: JSON.stringify of the envelope', results.json, false),
      ]);
      const p = median(results.publish.map((r) => r.nodeMs + r.pgMs));
      const fl = median(results.floor.map((r) => r.nodeMs + r.pgMs));
      console.log(`   publish / floor, node + PostgreSQL CPU: ${(p / fl).toFixed(2)}×`);
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
