#!/usr/bin/env node
// Publish throughput through @sextant/bus (envelope + zod validation + JSON, then the Kafka
// transport) against raw kafkajs sending the same number of messages of the same size, in the
// same run, on the same broker. Goal: bus >= 0.8x raw.
//   node bench/bus-publish-throughput.js [--messages 50000] [--batch 100] [--rounds 3]
// Needs the built packages (npm run build) and a broker (infra/kafka/start.sh).
const { parseArgs } = require('node:util');
const { Kafka, logLevel } = require('kafkajs');
const { z } = require('zod');
const { KafkaTransport, defineEvent, createEnvelope } = require('@sextant/bus');
const { brokers, table, unique } = require('./lib');

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.messages);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);

const event = defineEvent({
  name: `bench.${unique('published')}`,
  version: 1,
  schema: z.object({ runId: z.string(), step: z.number().int(), value: z.number() }),
  key: (p) => p.runId,
});
const payload = (i) => ({ runId: `run-${i % 64}`, step: i, value: Math.sin(i) });

async function rawKafkajs(producer, topic) {
  // The same bytes the bus sends, built before the clock starts: raw kafkajs pays only for sending.
  const batches = [];
  for (let i = 0; i < N; i += BATCH) {
    const messages = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) {
      const env = createEnvelope(event, payload(j));
      messages.push({ key: env.key, value: JSON.stringify(env) });
    }
    batches.push(messages);
  }
  const started = performance.now();
  for (const messages of batches) await producer.send({ topic, acks: -1, messages });
  return N / ((performance.now() - started) / 1000);
}

async function throughBus(transport) {
  const { EventBus } = require('@sextant/bus');
  const bus = new EventBus(transport, /* prisma: not used by publish */ null);
  const started = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) batch.push(payload(j));
    await bus.publish(event, batch);
  }
  return N / ((performance.now() - started) / 1000);
}

async function main() {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers(), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: event.topic, numPartitions: 3 }],
  });
  // The same producer settings as KafkaTransport, so only the wrapper differs.
  const producer = kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1 });
  await producer.connect();
  const transport = new KafkaTransport({ brokers: brokers(), clientId: 'bench-bus' });
  await transport.connect();
  // Warm both paths once.
  await producer.send({ topic: event.topic, messages: [{ key: 'w', value: 'w' }] });
  await transport.publish(event.topic, [{ key: 'w', value: 'w' }]);

  const rows = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const raw = await rawKafkajs(producer, event.topic);
    const bus = await throughBus(transport);
    rows.push({
      round: r,
      'raw kafkajs msg/s': raw.toFixed(0),
      'sextant bus msg/s': bus.toFixed(0),
      'bus / raw': (bus / raw).toFixed(2),
    });
  }
  console.log(
    `publish throughput: ${N} messages per run, ${BATCH} per send, acks=all, ${brokers().join(',')}`,
  );
  table(rows);
  const ratios = rows.map((r) => Number(r['bus / raw'])).sort();
  console.log(`median bus/raw: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (goal >= 0.80)`);
  await producer.disconnect();
  await transport.close();
  await admin.deleteTopics({ topics: [event.topic] }).catch(() => {});
  await admin.disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
