#!/usr/bin/env node
// Publish and consume throughput of every bus transport, same run, same messages: the in-memory
// transport (the old standalone default, the baseline), the database log on PostgreSQL and on
// embedded PGlite (a data folder, as standalone mode), and Kafka when a broker answers.
// Publish: N envelopes in calls of --batch; consume: a new group reads them all from the start
// (transport level: no idempotency transaction, which costs the same on every transport).
//   node bench/bus-transports.js [--messages 20000] [--batch 100]
// Needs the built packages; PostgreSQL (DATABASE_URL or local); Kafka optional (KAFKA_BROKERS).
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { parseArgs } = require('node:util');
const { z } = require('zod');
const { openDatabase } = require('@sextant/db');
const {
  DatabaseLogTransport,
  KafkaTransport,
  MemoryTransport,
  createEnvelope,
  defineEvent,
} = require('@sextant/bus');
const { brokers, table, unique, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '100' },
  },
});
const N = Number(values.messages);
const BATCH = Number(values.batch);

const event = defineEvent({
  name: 'bench.transport',
  version: 1,
  schema: z.object({ runId: z.string(), step: z.number().int(), value: z.number() }),
  key: (p) => p.runId,
});
// The same messages for every transport, built before any clock starts.
const batches = [];
for (let i = 0; i < N; i += BATCH) {
  const messages = [];
  for (let j = i; j < Math.min(N, i + BATCH); j++) {
    const env = createEnvelope(event, { runId: `run-${j % 64}`, step: j, value: Math.sin(j) });
    messages.push({ key: env.key, value: JSON.stringify(env) });
  }
  batches.push(messages);
}
const bytes = Math.round(batches[0].reduce((s, m) => s + m.value.length, 0) / batches[0].length);

async function measure(label, transport) {
  await transport.connect();
  const topic = `bench.${unique('transports')}`;
  await transport.ensureTopics([{ topic, partitions: 3 }]);
  let started = performance.now();
  for (const messages of batches) await transport.publish(topic, messages);
  const publish = N / ((performance.now() - started) / 1000);

  let received = 0;
  let done;
  const all = new Promise((r) => (done = r));
  const sub = await transport.subscribe({
    groupId: unique('bench'),
    topics: [topic],
    fromBeginning: true,
    onMessage: async () => {
      if (++received === N) done();
    },
  });
  // The clock starts once the member joined (Kafka's group join takes seconds, not throughput).
  started = performance.now();
  await all;
  const consume = N / ((performance.now() - started) / 1000);
  await sub.stop();
  await transport.close();
  return {
    transport: label,
    'publish msg/s': publish.toFixed(0),
    'consume msg/s': consume.toFixed(0),
  };
}

function reachable(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function main() {
  const rows = [];
  rows.push(await measure('memory (baseline)', new MemoryTransport(3)));

  await withDatabase(async (url) => {
    const db = await openDatabase({ url, migrate: true });
    try {
      rows.push(
        await measure('database log, PostgreSQL', new DatabaseLogTransport({ prisma: db.prisma })),
      );
    } finally {
      await db.close();
    }
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'sx-bench-'));
  try {
    const db = await openDatabase({ dataDir: path.join(dir, 'data'), migrate: true });
    try {
      rows.push(
        await measure('database log, PGlite', new DatabaseLogTransport({ prisma: db.prisma })),
      );
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${path.join(dir, 'data')}.lock`, { force: true });
  }

  if (await reachable(brokers()[0])) {
    rows.push(
      await measure(
        `Kafka ${brokers()[0]}`,
        new KafkaTransport({ brokers: brokers(), clientId: 'bench' }),
      ),
    );
  } else {
    rows.push({
      transport: `Kafka ${brokers()[0]}`,
      'publish msg/s': 'unreachable',
      'consume msg/s': '',
    });
  }

  console.log(
    `bus transports: ${N} messages of ~${bytes} bytes, ${BATCH} per publish, 3 partitions`,
  );
  const base = rows[0];
  table(
    rows.map((r) => ({
      ...r,
      'publish / memory': ratio(r['publish msg/s'], base['publish msg/s']),
      'consume / memory': ratio(r['consume msg/s'], base['consume msg/s']),
    })),
  );
}

const ratio = (a, b) =>
  Number.isFinite(Number(a)) && a !== '' ? (Number(a) / Number(b)).toFixed(3) : '';

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
