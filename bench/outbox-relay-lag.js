#!/usr/bin/env node
// Outbox relay lag: events written to the outbox at a steady rate (default 1,000/s, in
// transactions of --per-tx events, at most 16 transactions in flight) by a writer process, as a
// service would; this process runs the relay, which publishes them to Kafka, and a consumer. Lag is
// from the commit to the consumer receiving the event. Baseline, in the same run: the same rate
// published straight to Kafka (no outbox), lag from send to receive.
//   node bench/outbox-relay-lag.js [--rate 1000] [--seconds 10] [--per-tx 10]
// Needs the built packages, PostgreSQL (DATABASE_URL or local) and a broker (infra/kafka/start.sh).
const { fork } = require('node:child_process');
const { parseArgs } = require('node:util');
const { z } = require('zod');
const { openDatabase, inTransaction } = require('@sextant/db');
const { EventBus, KafkaTransport, defineEvent, enqueueEvent } = require('@sextant/bus');
const { brokers, percentile, table, unique, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    'per-tx': { type: 'string', default: '10' },
    writer: { type: 'string' }, // internal: run as the writer process for this database URL
    event: { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PER_TX = Number(values['per-tx']);
const TICK_MS = 10;
const PER_TICK = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
const MAX_IN_FLIGHT = 16;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

const newEvent = (name = `bench.${unique('lag')}`) =>
  defineEvent({
    name,
    version: 1,
    schema: z.object({ runId: z.string(), i: z.number() }),
    key: (p) => p.runId,
  });

/**
 * Every TICK_MS, hands PER_TICK event numbers to `emit(first, count)` in groups of PER_TX, for
 * SECONDS; at most MAX_IN_FLIGHT calls run at once (a writer that falls behind lowers the rate
 * achieved, which is reported, instead of piling up connections).
 */
async function steady(emit) {
  const total = (RATE * SECONDS) | 0;
  const started = performance.now();
  const inFlight = new Set();
  for (let i = 0, tick = 0; i < total; tick++) {
    for (let k = 0; k < PER_TICK && i < total;) {
      const count = Math.min(PER_TX, PER_TICK - k, total - i);
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const p = emit(i, count).finally(() => inFlight.delete(p));
      inFlight.add(p);
      i += count;
      k += count;
    }
    const wait = started + (tick + 1) * TICK_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inFlight);
  return { total, achieved: total / ((performance.now() - started) / 1000) };
}

const range = (first, count) => Array.from({ length: count }, (_, k) => first + k);

/** The writer process: commits events to the outbox and reports each commit's time. */
async function writer(url, eventName) {
  const db = await openDatabase({ url, poolSize: 20 });
  const def = newEvent(eventName);
  const result = await steady(async (first, count) => {
    await inTransaction(db.prisma, async (tx) => {
      for (const i of range(first, count)) await enqueueEvent(tx, def, { runId: `r${i % 64}`, i });
    });
    process.send({ first, count, at: now() });
  });
  process.send({ done: true, achieved: result.achieved });
  await db.close();
}

async function measure(transport, topic, run) {
  const sentAt = new Map();
  const receivedAt = new Map();
  const sub = await transport.subscribe({
    groupId: unique('bench'),
    topics: [topic],
    fromBeginning: true,
    onMessage: async (m) => {
      // The commit time may reach this process after the event itself does: pair them at the end.
      receivedAt.set(JSON.parse(m.value).payload.i, now());
    },
  });
  const { total, achieved } = await run(sentAt);
  const deadline = Date.now() + 30_000;
  while (receivedAt.size < total && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await sub.stop();
  const lags = [...receivedAt].filter(([i]) => sentAt.has(i)).map(([i, t]) => t - sentAt.get(i));
  lags.sort((a, b) => a - b);
  return {
    total,
    achieved,
    received: receivedAt.size,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags[lags.length - 1],
  };
}

async function main() {
  await withDatabase(async (url) => {
    const db = await openDatabase({ url, migrate: true, poolSize: 20 });
    const transport = new KafkaTransport({ brokers: brokers(), clientId: 'bench-lag' });
    await transport.connect();
    const bus = new EventBus(transport, db.prisma);

    const direct = newEvent();
    await transport.ensureTopics([{ topic: direct.topic, partitions: 3 }]);
    const baseline = await measure(transport, direct.topic, (sentAt) =>
      steady(async (first, count) => {
        const at = now();
        for (const i of range(first, count)) sentAt.set(i, at);
        await bus.publish(
          direct,
          range(first, count).map((i) => ({ runId: `r${i % 64}`, i })),
        );
      }),
    );

    const viaOutbox = newEvent();
    await transport.ensureTopics([{ topic: viaOutbox.topic, partitions: 3 }]);
    const relay = bus.relay();
    relay.start();
    const outbox = await measure(
      transport,
      viaOutbox.topic,
      (sentAt) =>
        new Promise((resolve, reject) => {
          const args = [
            '--writer',
            url,
            '--event',
            viaOutbox.name,
            '--rate',
            String(RATE),
            '--seconds',
            String(SECONDS),
            '--per-tx',
            String(PER_TX),
          ];
          const child = fork(__filename, args);
          child.on('message', (m) => {
            if (m.done) resolve({ total: (RATE * SECONDS) | 0, achieved: m.achieved });
            else for (const i of range(m.first, m.count)) sentAt.set(i, m.at);
          });
          child.once('exit', (code) => code !== 0 && reject(new Error(`writer exited ${code}`)));
        }),
    );
    await relay.stop();

    const fmt = (r, name, from) => ({
      path: name,
      'lag from': from,
      'target/s': RATE,
      'achieved/s': r.achieved.toFixed(0),
      received: `${r.received}/${r.total}`,
      'p50 ms': r.p50.toFixed(1),
      'p99 ms': r.p99.toFixed(1),
      'max ms': r.max.toFixed(1),
    });
    console.log(
      `outbox relay lag: ${RATE} events/s for ${SECONDS} s, ${PER_TX} events per transaction/send, Kafka ${brokers().join(',')}`,
    );
    table([
      fmt(baseline, 'direct publish (baseline)', 'send'),
      fmt(outbox, 'outbox + relay', 'commit'),
    ]);
    await transport.close();
    await db.close();
  });
}

(values.writer ? writer(values.writer, values.event) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
