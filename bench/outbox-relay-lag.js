#!/usr/bin/env node
// Outbox relay lag: events written to the outbox at a steady rate (default 1,000/s, one
// transaction per event, as state changes are), published by the relay to Kafka; lag is from the
// commit to a Kafka consumer receiving the event. Baseline, in the same run: the same rate
// published straight to Kafka (no outbox), lag from send to receive.
//   node bench/outbox-relay-lag.js [--rate 1000] [--seconds 10]
// Needs the built packages, PostgreSQL (DATABASE_URL or local) and a broker (infra/kafka/start.sh).
const { parseArgs } = require('node:util');
const { z } = require('zod');
const { openDatabase, inTransaction } = require('@sextant/db');
const { EventBus, KafkaTransport, defineEvent, enqueueEvent } = require('@sextant/bus');
const { brokers, percentile, table, unique, withDatabase } = require('./lib');

const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' } } });
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const TICK_MS = 10;
const PER_TICK = Math.max(1, Math.round((RATE * TICK_MS) / 1000));

const newEvent = () =>
  defineEvent({
    name: `bench.${unique('lag')}`,
    version: 1,
    schema: z.object({ runId: z.string(), i: z.number() }),
    key: (p) => p.runId,
  });

/** Runs `emit(i)` PER_TICK times every TICK_MS for SECONDS; returns how many it started. */
async function steady(emit) {
  const total = (RATE * SECONDS) | 0;
  const started = performance.now();
  const pending = [];
  for (let i = 0, tick = 0; i < total; tick++) {
    for (let k = 0; k < PER_TICK && i < total; k++, i++) pending.push(emit(i));
    const next = started + (tick + 1) * TICK_MS;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(pending);
  return { total, achieved: total / ((performance.now() - started) / 1000) };
}

async function measure(transport, topic, run) {
  const sentAt = new Map();
  const lags = [];
  const sub = await transport.subscribe({
    groupId: unique('bench'),
    topics: [topic],
    fromBeginning: true,
    onMessage: async (m) => {
      const id = JSON.parse(m.value).payload.i;
      const t0 = sentAt.get(id);
      if (t0 !== undefined) lags.push(performance.now() - t0);
    },
  });
  const { total, achieved } = await run(sentAt);
  const deadline = Date.now() + 30_000;
  while (lags.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await sub.stop();
  lags.sort((a, b) => a - b);
  return { total, achieved, received: lags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] };
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
      steady(async (i) => {
        sentAt.set(i, performance.now());
        await bus.publish(direct, [{ runId: `r${i % 64}`, i }]);
      }),
    );

    const viaOutbox = newEvent();
    await transport.ensureTopics([{ topic: viaOutbox.topic, partitions: 3 }]);
    const relay = bus.relay();
    relay.start();
    const outbox = await measure(transport, viaOutbox.topic, (sentAt) =>
      steady(async (i) => {
        await inTransaction(db.prisma, (tx) => enqueueEvent(tx, viaOutbox, { runId: `r${i % 64}`, i }));
        sentAt.set(i, performance.now());
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
    console.log(`outbox relay lag: ${RATE} events/s for ${SECONDS} s, one transaction per event, Kafka ${brokers().join(',')}`);
    table([fmt(baseline, 'direct publish (baseline)', 'send'), fmt(outbox, 'outbox + relay', 'commit')]);
    await transport.close();
    await db.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
