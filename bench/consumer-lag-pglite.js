#!/usr/bin/env node
// Consumer lag on embedded PGlite (a data folder, as standalone mode): events published at a
// steady rate (default 1,000/s, in calls of --per-call every 10 ms) for --seconds, consumed by an
// idempotent consumer (bus.consume: the processed-events transaction per event). Lag is from the
// publish call to the handler. Rows, same run, same database:
//   memory      the in-memory transport (the old standalone default): the baseline;
//   database    the database log, direct publish;
//   outbox      the same two, events committed to the outbox (one transaction per call) and
//               relayed with the relay's default settings, as standalone mode runs it.
//   node bench/consumer-lag-pglite.js [--rate 1000] [--seconds 10] [--per-call 10]
// Needs the built packages.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { z } = require('zod');
const { openDatabase, inTransaction } = require('@sextant/db');
const {
  DatabaseLogTransport,
  EventBus,
  MemoryTransport,
  defineEvent,
  enqueueEvent,
} = require('@sextant/bus');
const { percentile, table, unique } = require('./lib');

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    'per-call': { type: 'string', default: '10' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PER_CALL = Number(values['per-call']);
const TICK_MS = (1000 * PER_CALL) / RATE;

const newEvent = () =>
  defineEvent({
    name: `bench.${unique('lag')}`,
    version: 1,
    schema: z.object({ runId: z.string(), i: z.number(), at: z.number() }),
    key: (p) => p.runId,
  });

async function run(label, db, transport, via) {
  await transport.connect();
  const bus = new EventBus(transport, db.prisma);
  const def = newEvent();
  await transport.ensureTopics([{ topic: def.topic, partitions: 3 }]);
  const lags = [];
  const total = RATE * SECONDS;
  let done;
  const all = new Promise((r) => (done = r));
  const consumer = await bus.consume({
    group: unique('lag'),
    events: [def],
    handler: async (env) => {
      lags.push(performance.now() - env.payload.at);
      if (lags.length === total) done();
    },
  });
  const relay = via === 'outbox' ? bus.relay() : undefined;
  relay?.start();
  const started = performance.now();
  for (let i = 0, tick = 0; i < total; tick++) {
    const payloads = [];
    for (let k = 0; k < PER_CALL && i < total; k++, i++) {
      payloads.push({ runId: `r${i % 64}`, i, at: performance.now() });
    }
    if (via === 'outbox') {
      await inTransaction(db.prisma, async (tx) => {
        for (const p of payloads) await enqueueEvent(tx, def, { ...p, at: performance.now() });
      });
    } else {
      await bus.publish(def, payloads);
    }
    const wait = started + (tick + 1) * TICK_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const achieved = total / ((performance.now() - started) / 1000);
  await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
  await relay?.stop();
  await consumer.stop();
  await transport.close();
  lags.sort((a, b) => a - b);
  return {
    path: label,
    'rate achieved/s': achieved.toFixed(0),
    consumed: `${lags.length}/${total}`,
    'p50 ms': percentile(lags, 50).toFixed(1),
    'p99 ms': percentile(lags, 99).toFixed(1),
    'max ms': lags[lags.length - 1].toFixed(1),
  };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sx-lag-'));
  const dataDir = path.join(dir, 'data');
  const db = await openDatabase({ dataDir, migrate: true });
  const rows = [];
  try {
    rows.push(await run('memory (baseline)', db, new MemoryTransport(3), 'direct'));
    rows.push(
      await run('database log', db, new DatabaseLogTransport({ prisma: db.prisma }), 'direct'),
    );
    rows.push(await run('memory via outbox', db, new MemoryTransport(3), 'outbox'));
    rows.push(
      await run(
        'database log via outbox',
        db,
        new DatabaseLogTransport({ prisma: db.prisma }),
        'outbox',
      ),
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `consumer lag on PGlite (data folder): ${RATE} events/s for ${SECONDS} s, ${PER_CALL} per call, ` +
      'idempotent consumer, lag = publish (or commit) -> handler',
  );
  table(rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
