#!/usr/bin/env node
// Serving (issue 8): the platform (tracking + serving) runs in this process on a throwaway
// PostgreSQL database with a credit-risk logistic regression (4 features, from @sextant/onnx)
// registered twice (champion v1, challenger v2) and deployed several times — one deployment per
// configuration, so that the cases interleave without redeploying. A load generator in a child
// process (raw keep-alive HTTP/1.1 sockets: cheaper per request than node's http client, so that it
// is not the bottleneck) drives each case. Figures, each beside its baseline in the same run:
// 1. `:predict` req/s and p50/p99 at saturation (--connections, closed loop) vs a bare fastify
//    route in this process that parses the same JSON body and answers a constant (goal ≥ 0.8×);
//    plus a public deployment called without a key, which isolates per-request authentication.
//    Beside req/s, this process's CPU time per request: on a shared machine it varies far less.
// 2. The latency serving adds over onnxruntime in-process (InferenceSession.run on the same record,
//    measured in this process while the server is idle), at half of the peak of step 1, open loop
//    at a fixed rate: p50/p99 of HTTP latency − in-process latency (goal p99 ≤ 1 ms); the bare
//    route at the same rate shows what loopback HTTP alone costs; the public deployment (no key)
//    at half of its own peak shows the path without per-request authentication.
// 3. Throughput with the prediction log on (sampleRate 1) and with a 10 % shadow (challenger set,
//    shadowPercent 10) vs both off: cost in % (goal ≤ 10 % each).
// 4. Adaptive micro-batching (a deployment with `microBatching: { maxBatch: 64 }`) vs off: req/s,
//    p50/p99 at saturation and at half of off's peak; how many requests the merged runs carried;
//    and the headroom: records/s of the same records sent in batches of 8 and 32 per request, over
//    HTTP and at the model in-process.
//   node bench/serving.js [--seconds 5] [--connections 32] [--rounds 2] [--warmup 1]
//                         [--open-connections 64] [--profile /tmp/serving.cpuprofile]
// --profile FILE writes a CPU profile of this (the server's) process during one more saturated
// `:predict` run (--profile-case off: with an API key; public: no key), and prints its top costs
// by self time; --profile-only skips the four steps. --only off,log runs only the saturation rounds
// of the listed cases (ids: bare, off, public, log, shadow, unbatched, batch8, batch32) and prints
// each against the first: a quick A/B while working on one cost.
// Needs the built packages (npm run build -w @sextant/serving, … — or npm run build) and PostgreSQL
// (DATABASE_URL or the local one). Rounds interleave the cases, so that a change in the shared
// machine's load falls on every case alike; each case pools its rounds.
const { fork } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { PerformanceObserver, monitorEventLoopDelay } = require('node:perf_hooks');
const { parseArgs } = require('node:util');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    'open-connections': { type: 'string', default: '64' },
    profile: { type: 'string' },
    'profile-case': { type: 'string', default: 'off' },
    'profile-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    load: { type: 'boolean', default: false }, // internal: run as the load generator
  },
});

const FEATURES = ['income', 'debt', 'age', 'history_score'];
const V1 = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };
const V2 = { w: [-0.00002, 0.0001, -0.02, -1.5], b: 0.2 };
const PROJECT = 'default';
const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

/** 32 distinct applicants (deterministic); the first is the issue's example. */
const RECORDS = Array.from({ length: 32 }, (_, i) =>
  i === 0
    ? { income: 52000, debt: 18000, age: 37, history_score: 0.62 }
    : {
        income: 20000 + ((i * 7919) % 90000),
        debt: 1000 + ((i * 104729) % 40000),
        age: 21 + ((i * 13) % 50),
        history_score: ((i * 37) % 100) / 100,
      },
);

// ---------------------------------------------------------------------------------------------
// Load generator (child process)

/** One keep-alive HTTP/1.1 connection that sends a prepared request and waits for its response. */
class Connection {
  constructor(socket, onResponse, onError) {
    this.socket = socket;
    this.buf = null;
    this.sentAt = 0;
    this.intended = 0;
    this.onResponse = onResponse;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.data(chunk));
    socket.on('error', onError);
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static open(host, port, onResponse, onError) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => resolve(new Connection(socket, onResponse, onError)));
      socket.once('error', reject);
    });
  }

  send(request, intended) {
    this.intended = intended;
    this.sentAt = performance.now();
    this.socket.write(request);
  }

  data(chunk) {
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total;
    if (length) {
      total = end + 4 + Number(length[1]);
      if (this.buf.length < total) return;
    } else {
      // Chunked (the routes here always send a length; this keeps the client honest if not).
      const last = this.buf.indexOf('0\r\n\r\n', end + 4);
      if (last < 0) return;
      total = last + 5;
    }
    const status = Number(head.slice(9, 12));
    this.buf = this.buf.length > total ? this.buf.subarray(total) : null;
    this.onResponse(this, status, performance.now());
  }
}

function requestBuffers({ host, port, path: url, headers, bodies }) {
  return bodies.map((body) => {
    const payload = Buffer.from(body);
    const lines = [
      `POST ${url} HTTP/1.1`,
      `host: ${host}:${port}`,
      'content-type: application/json',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      `content-length: ${payload.length}`,
    ];
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  });
}

/**
 * Closed loop: `connections` requests always in flight for `seconds`. Latency from write to the
 * last byte of the response.
 */
async function closedLoop(job) {
  const requests = requestBuffers(job);
  const latencies = [];
  let errors = 0;
  let next = 0;
  let open = job.connections;
  let lastAt = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const deadline = performance.now() + job.seconds * 1000;
  const onResponse = (conn, status, at) => {
    if (status === 200) latencies.push(at - conn.sentAt);
    else errors++;
    lastAt = at;
    if (at < deadline) conn.send(requests[next++ % requests.length], at);
    else if (--open === 0) finish();
  };
  const onError = (error) => {
    throw error;
  };
  const conns = await Promise.all(
    Array.from({ length: job.connections }, () =>
      Connection.open(job.host, job.port, onResponse, onError),
    ),
  );
  const started = performance.now();
  for (const c of conns) c.send(requests[next++ % requests.length], started);
  await finished;
  for (const c of conns) c.socket.destroy();
  return {
    count: latencies.length,
    errors,
    elapsed: (lastAt - started) / 1000,
    latencies: Float64Array.from(latencies),
  };
}

/**
 * Open loop: `rate` requests per second for `seconds`, sent on schedule whatever the answers do
 * (a request whose time comes while every connection is busy waits for the first free one).
 * Latency from write to response; `lag` is how late the generator sent (timer granularity ~1 ms).
 */
async function openLoop(job) {
  const requests = requestBuffers(job);
  const total = Math.round(job.rate * job.seconds);
  const interval = 1000 / job.rate;
  const latencies = [];
  const lags = [];
  let errors = 0;
  let sent = 0;
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const idle = [];
  const waiting = [];
  const dispatch = (conn, intended) => {
    conn.send(requests[sent % requests.length], intended);
    lags.push(conn.sentAt - intended);
  };
  const onResponse = (conn, status, at) => {
    if (status === 200) latencies.push(at - conn.sentAt);
    else errors++;
    if (++done === total) return finish();
    if (waiting.length) dispatch(conn, waiting.shift());
    else idle.push(conn);
  };
  const onError = (error) => {
    throw error;
  };
  const conns = await Promise.all(
    Array.from({ length: job.connections }, () =>
      Connection.open(job.host, job.port, onResponse, onError),
    ),
  );
  idle.push(...conns);
  const start = performance.now();
  const tick = () => {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      const intended = start + sent * interval;
      const conn = idle.pop();
      if (conn) dispatch(conn, intended);
      else waiting.push(intended);
      sent++;
    }
    if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
  };
  tick();
  await finished;
  const elapsed = (performance.now() - start) / 1000;
  for (const c of conns) c.socket.destroy();
  return {
    count: latencies.length,
    errors,
    elapsed,
    latencies: Float64Array.from(latencies),
    lags: Float64Array.from(lags),
  };
}

// ---------------------------------------------------------------------------------------------
// Bench (this process: the platform, the baseline route, the in-process model)

let generator;
function load(job) {
  generator ??= fork(__filename, ['--load'], { stdio: 'inherit', serialization: 'advanced' });
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`load generator exited ${code}`));
    generator.once('exit', onExit);
    // The server's CPU time (this process: user + system) while the case ran: unlike req/s, it
    // hardly depends on what else the shared machine runs meanwhile.
    const cpu = process.cpuUsage();
    // What stalls this process's event loop meanwhile: its delay, and GC pauses.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const gc = { count: 0, ms: 0, maxMs: 0 };
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gc.count++;
        gc.ms += e.duration;
        gc.maxMs = Math.max(gc.maxMs, e.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    generator.once('message', (result) => {
      generator.off('exit', onExit);
      const used = process.cpuUsage(cpu);
      loop.disable();
      gcObserver.disconnect();
      resolve({
        ...result,
        cpuUs: used.user + used.system,
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
        gc,
      });
    });
    generator.send(job);
  });
}

/** A credit-risk LR: class 1 (default) score w·x + b, class 0 score 0 (as serving.int-spec). */
function creditModel(v) {
  const { logisticRegressionModel } = require('@sextant/onnx');
  return logisticRegressionModel({
    weights: [[0, 0, 0, 0], v.w],
    intercepts: [0, v.b],
    classLabels: [0, 1],
    featureNames: FEATURES,
  });
}

async function eventually(fn, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** onnxruntime in this process on one record / a batch: per-run latencies of `run` (ms). */
async function inProcess(bytes, rows, runs) {
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const input = session.inputNames[0];
  const records = Array.from({ length: rows }, (_, i) => RECORDS[i % RECORDS.length]);
  const once = async () => {
    // The tensor is built from the record(s) on every run, as a request must.
    const data = new Float32Array(rows * FEATURES.length);
    records.forEach((r, i) => FEATURES.forEach((f, j) => (data[i * FEATURES.length + j] = r[f])));
    await session.run({ [input]: new ort.Tensor('float32', data, [rows, FEATURES.length]) }, [
      'probabilities',
    ]);
  };
  for (let i = 0; i < Math.min(2000, runs); i++) await once();
  const latencies = new Float64Array(runs);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await once();
    latencies[i] = performance.now() - s;
  }
  const elapsed = (performance.now() - t0) / 1000;
  await session.release();
  return { latencies: latencies.sort(), rowsPerSecond: (runs * rows) / elapsed };
}

/** A bare fastify (the version the platform's REST routes run on) that parses the JSON and answers a constant. */
async function bareRoute() {
  const Fastify = require(
    require.resolve('fastify', { paths: [path.dirname(require.resolve('@sextant/runtime'))] }),
  );
  const app = Fastify({ logger: false });
  const answer = {
    id: '00000000-0000-4000-8000-000000000000',
    default_probability: 0.1234,
    decision: 'approve',
  };
  app.post('/v1/models/:target', async () => answer);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: app.server.address().port };
}

/**
 * The cases of a round: in order on even rounds, reversed on odd ones, so that what a case leaves
 * behind (a flush, a vacuum, a warm cache) falls on its neighbours on both sides alike.
 */
function inRoundOrder(cases, round) {
  return round % 2 === 0 ? cases : [...cases].reverse();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** A case's figure over its baseline's, round by round (same machine load): the median. */
function perRound(sat, id, base, field) {
  return median(sat[id][field].map((v, i) => v / sat[base][field][i]));
}

function summarise(results) {
  const latencies = [];
  let count = 0;
  let errors = 0;
  let elapsed = 0;
  let cpuUs = 0;
  const lags = [];
  for (const r of results) {
    cpuUs += r.cpuUs;
    count += r.count;
    errors += r.errors;
    elapsed += r.elapsed;
    for (const l of r.latencies) latencies.push(l);
    if (r.lags) for (const l of r.lags) lags.push(l);
  }
  const sorted = Float64Array.from(latencies).sort();
  const gcCount = results.reduce((n, r) => n + (r.gc?.count ?? 0), 0);
  const gcMs = results.reduce((n, r) => n + (r.gc?.ms ?? 0), 0);
  const gcMax = Math.max(0, ...results.map((r) => r.gc?.maxMs ?? 0));
  const loopP99 = Math.max(0, ...results.map((r) => r.loopP99 ?? 0));
  const loopMax = Math.max(0, ...results.map((r) => r.loopMax ?? 0));
  const lagSorted = Float64Array.from(lags).sort();
  return {
    rate: count / elapsed,
    /** Server CPU per request (µs). */
    cpu: cpuUs / count,
    /** Each round's req/s, to pair a case with its baseline of the same round. */
    rounds: results.map((r) => r.count / r.elapsed),
    /** Each round's CPU µs per request. */
    cpuRounds: results.map((r) => r.cpuUs / r.count),
    count,
    errors,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    lagP99: percentile(lagSorted, 99),
    /** This process's event-loop delay (worst round) and GC pauses (all rounds). */
    loop: `${f(loopP99, 1)} / ${f(loopMax, 1)}`,
    gc: `${gcCount}, ${f(gcMs, 1)} ms, max ${f(gcMax, 2)}`,
  };
}

/** Top self-time costs of a V8 CPU profile, by function and by package. */
function profileSummary(profile) {
  const dt = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++)
    dt.set(samples[i], (dt.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const total = [...dt.values()].reduce((a, b) => a + b, 0);
  const where = (url) => {
    if (!url) return '(native/V8)';
    if (url.startsWith('node:')) return 'node core';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
      url.slice(url.lastIndexOf('node_modules/') - 1),
    );
    if (m) return m[1];
    const lib = /\/(libs|apps)\/([^/]+)\//.exec(url);
    return lib ? `@sextant/${lib[2]}` : path.basename(url);
  };
  const byFn = new Map();
  const byPkg = new Map();
  for (const node of profile.nodes) {
    const t = dt.get(node.id) ?? 0;
    if (!t) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = ['(idle)', '(program)', '(garbage collector)'].includes(functionName)
      ? functionName
      : where(url);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''} [${pkg}]`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
  }
  const pct = (t) => `${((t / total) * 100).toFixed(1)}%`;
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    packages: top(byPkg, 14).map(([k, t]) => ({ 'self time': pct(t), where: k })),
    functions: top(byFn, 20).map(([k, t]) => ({ 'self time': pct(t), function: k })),
  };
}

async function cpuProfile(file, job) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const result = await load(job);
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
  return { result, profile };
}

async function main() {
  process.env.ORT_DISABLE_TELEMETRY = '1';
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const { trackingService } = require('@sextant/tracking');
  const { servingService } = require('@sextant/serving');
  const { createClient } = require('@sextant/client');
  const { putArtifact, registerModel, startRun } = require('@sextant/client/training');
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  const openConnections = Number(values['open-connections']);
  const home = mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-serving-'));

  await withDatabase(async (databaseUrl) => {
    const running = await startPlatform({
      services: [trackingService, servingService],
      databaseUrl,
      home,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
    });
    const bare = await bareRoute();
    try {
      const key = (await bootstrapAdmin(running.platform.db.prisma)).key;
      const connection = { url: running.url, apiKey: key };
      const serving = createClient(connection).serving;
      const bytes = creditModel(V1);
      for (const [name, model, alias] of [
        ['lr-v1', bytes, 'champion'],
        ['lr-v2', creditModel(V2), 'challenger'],
      ]) {
        const run = await startRun(
          connection,
          { project: PROJECT, experiment: 'credit', name },
          () => undefined,
        );
        await putArtifact(connection, run.id, 'model.onnx', model);
        await registerModel(connection, {
          project: PROJECT,
          model: 'credit-risk',
          runId: run.id,
          artifactPath: 'model.onnx',
          alias,
        });
      }
      const common = {
        project: PROJECT,
        model: 'credit-risk',
        challengerAlias: 'challenger',
        outputFields: [
          { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
        ],
        decision: {
          rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
          otherwise: 'approve',
        },
      };
      const deployments = {
        off: { name: 'cr-off', sampleRate: 0, shadowPercent: 0 },
        public: { name: 'cr-public', sampleRate: 0, shadowPercent: 0, public: true },
        log: { name: 'cr-log', sampleRate: 1, shadowPercent: 0 },
        shadow: { name: 'cr-shadow', sampleRate: 0, shadowPercent: 10 },
        unbatched: {
          name: 'cr-unbatched',
          sampleRate: 0,
          shadowPercent: 0,
          microBatching: { enabled: false },
        },
      };
      for (const d of Object.values(deployments)) {
        await eventually(() => serving.deployments.create.mutate({ ...common, ...d }));
      }
      const auth = { authorization: `Bearer ${key}` };
      const predictPath = (name) => `/v1/models/${name}:predict?project=${PROJECT}`;
      // Every deployment answers before the clock starts.
      for (const [id, d] of Object.entries(deployments)) {
        await eventually(async () => {
          const res = await fetch(`${running.url}${predictPath(d.name)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(id === 'public' ? {} : auth) },
            body: JSON.stringify(RECORDS[0]),
          });
          const body = await res.json();
          if (res.status !== 200 || body.decision !== 'approve') {
            throw new Error(`${d.name}: HTTP ${res.status} ${JSON.stringify(body)}`);
          }
        });
      }

      const singles = RECORDS.map((r) => JSON.stringify(r));
      const batches = (n) =>
        Array.from({ length: RECORDS.length / n }, (_, i) =>
          JSON.stringify(RECORDS.slice(i * n, (i + 1) * n)),
        );
      const server = { host: '127.0.0.1', port: running.port };
      const predictJob = (deployment, bodies = singles, headers = auth) => ({
        ...server,
        path: predictPath(deployment),
        headers,
        bodies,
      });
      const bareJob = {
        host: '127.0.0.1',
        port: bare.port,
        path: predictPath('credit-risk'),
        headers: {},
        bodies: singles,
      };
      const cases = [
        {
          id: 'bare',
          label: 'bare fastify route (parses the JSON, constant answer)',
          job: bareJob,
          records: 1,
        },
        {
          id: 'off',
          label: ':predict, API key (log off, no shadow; defaults: micro-batching on)',
          job: predictJob('cr-off'),
          records: 1,
        },
        {
          id: 'public',
          label: ':predict, public deployment, no key',
          job: predictJob('cr-public', singles, {}),
          records: 1,
        },
        {
          id: 'log',
          label: ':predict, API key, prediction log on (sampleRate 1)',
          job: predictJob('cr-log'),
          records: 1,
        },
        {
          id: 'shadow',
          label: ':predict, API key, 10 % shadow',
          job: predictJob('cr-shadow'),
          records: 1,
        },
        {
          id: 'unbatched',
          label: ':predict, API key, micro-batching off',
          job: predictJob('cr-unbatched'),
          records: 1,
        },
        {
          id: 'batch8',
          label: ':predict, API key, 8 records per request',
          job: predictJob('cr-off', batches(8)),
          records: 8,
        },
        {
          id: 'batch32',
          label: ':predict, API key, 32 records per request',
          job: predictJob('cr-off', batches(32)),
          records: 32,
        },
      ];

      /** Closed loop at saturation: a warm-up per case, then the rounds; each case summarised. */
      async function saturation(list) {
        for (const c of list)
          await load({ mode: 'closed', ...c.job, seconds: warmup, connections });
        const closed = Object.fromEntries(list.map((c) => [c.id, []]));
        for (let round = 0; round < rounds; round++) {
          for (const c of inRoundOrder(list, round)) {
            closed[c.id].push(await load({ mode: 'closed', ...c.job, seconds, connections }));
          }
        }
        return Object.fromEntries(list.map((c) => [c.id, summarise(closed[c.id])]));
      }
      if (values.only) await only(values.only.split(','));
      else if (!values['profile-only']) await steps();
      async function only(ids) {
        const chosen = ids.map((id) => {
          const c = cases.find((x) => x.id === id);
          if (!c) throw new Error(`--only: one of ${cases.map((x) => x.id).join(', ')}`);
          return c;
        });
        const sat = await saturation(chosen);
        const base = chosen[0].id;
        const vs = (id) => perRound(sat, id, base, 'rounds');
        const cpuVs = (id) => perRound(sat, id, base, 'cpuRounds');
        console.log(
          `saturation, ${connections} connections, ${rounds} round(s) of ${seconds} s; vs "${base}"`,
        );
        table(
          chosen.map((c) => ({
            case: c.label,
            'req/s': f(sat[c.id].rate, 0),
            'p99 ms': f(sat[c.id].p99),
            [`× ${base}`]: `${f(vs(c.id))}×`,
            'CPU µs/req': f(sat[c.id].cpu, 0),
            [`CPU × ${base}`]: `${f(cpuVs(c.id))}×`,
            errors: sat[c.id].errors,
          })),
        );
        for (const c of chosen.slice(1)) {
          const each = (field) =>
            sat[c.id][field].map((v, i) => f(v / sat[base][field][i])).join(' ');
          console.log(
            `   ${c.id} / ${base} per round: req/s ${each('rounds')}; CPU ${each('cpuRounds')}`,
          );
        }
      }
      async function steps() {
        // Steps 1, 3, 4: closed loop at saturation.
        const sat = await saturation(cases);

        // Step 2: open loop at half of :predict's peak (with a key, and of the public deployment
        // without one); the bare route at each of those rates.
        const halfOf = (id) => Math.max(1, Math.round(sat[id].rate / 2));
        const openCases = [
          {
            id: 'off',
            label: ':predict over HTTP, API key (log off)',
            job: predictJob('cr-off'),
            rate: halfOf('off'),
          },
          {
            id: 'bare-off',
            label: 'bare fastify route, same rate',
            job: bareJob,
            rate: halfOf('off'),
          },
          {
            id: 'unbatched',
            label: ':predict over HTTP, API key, micro-batching off',
            job: predictJob('cr-unbatched'),
            rate: halfOf('off'),
          },
          {
            id: 'public',
            label: ':predict over HTTP, public, no key',
            job: predictJob('cr-public', singles, {}),
            rate: halfOf('public'),
          },
          {
            id: 'bare-public',
            label: 'bare fastify route, same rate',
            job: bareJob,
            rate: halfOf('public'),
          },
        ];
        const open = Object.fromEntries(openCases.map((c) => [c.id, []]));
        for (let round = 0; round < rounds; round++) {
          for (const c of inRoundOrder(openCases, round)) {
            open[c.id].push(
              await load({
                mode: 'open',
                ...c.job,
                seconds,
                connections: openConnections,
                rate: c.rate,
              }),
            );
          }
        }
        const half = Object.fromEntries(openCases.map((c) => [c.id, summarise(open[c.id])]));
        // In-process onnxruntime, server idle: one record, and batches for step 4.
        const ort1 = await inProcess(bytes, 1, 20_000);
        const ort8 = await inProcess(bytes, 8, 10_000);
        const ort32 = await inProcess(bytes, 32, 5_000);

        // What the log and the shadow did meanwhile (so that their cost is not a silent drop).
        const metrics = await (await fetch(`${running.url}/metrics`)).text();
        const series = (name, deployment) => {
          const m = new RegExp(
            `^${name}\\{[^}]*deployment="${deployment}"[^}]*\\} (\\S+)`,
            'm',
          ).exec(metrics);
          return m ? Number(m[1]) : 0;
        };
        const shadowReport = await serving.deployments.shadowReport.query({
          project: PROJECT,
          deployment: 'cr-shadow',
        });

        const pct = (v) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;
        const verdict = (ok) => (ok ? 'met' : 'MISSED');
        const vs = (id, base) => perRound(sat, id, base, 'rounds');
        const cpuVs = (id, base) => perRound(sat, id, base, 'cpuRounds');
        console.log(
          `serving: platform (tracking + serving) in-process on PostgreSQL, bus = the database log (standalone default); ` +
            `load from a child process over raw keep-alive sockets; ${rounds} round(s) of ${seconds} s per case ` +
            `(after ${warmup} s warm-up); ${os.cpus().length} cores, 1-min load average ${os.loadavg()[0].toFixed(1)} at the end`,
        );
        console.log(
          '"× bare" = req/s over the bare route\'s in the same round (median of rounds; cases run in order on even ' +
            'rounds, reversed on odd ones); "CPU µs/req" = this process\'s CPU time per answered request ' +
            '(PostgreSQL\'s own CPU not included), steadier than req/s on a shared machine; "× bare by CPU" = bare ' +
            "CPU/req over the case's, \"cost by CPU\" = the case's CPU/req over off's − 1 (medians of rounds).",
        );
        console.log(`\n1. saturation: ${connections} connections, closed loop`);
        table(
          cases.slice(0, 3).map((c) => ({
            case: c.label,
            'req/s': f(sat[c.id].rate, 0),
            'p50 ms': f(sat[c.id].p50),
            'p99 ms': f(sat[c.id].p99),
            '× bare': c.id === 'bare' ? '-' : `${f(vs(c.id, 'bare'))}×`,
            'CPU µs/req': f(sat[c.id].cpu, 0),
            '× bare by CPU': c.id === 'bare' ? '-' : `${f(1 / cpuVs(c.id, 'bare'))}×`,
            errors: sat[c.id].errors,
          })),
        );
        const ratio = vs('off', 'bare');
        console.log(
          `   :predict / bare = ${f(ratio)}× by req/s, ${f(1 / cpuVs('off', 'bare'))}× by CPU ` +
            `(goal ≥ 0.8×: ${verdict(ratio >= 0.8)})`,
        );

        console.log(
          `\n2. added latency at half of peak, open loop (${openConnections} connections); ` +
            `"added" = HTTP latency − onnxruntime in-process latency, p50 and p99 each`,
        );
        const o50 = percentile(ort1.latencies, 50);
        const o99 = percentile(ort1.latencies, 99);
        table([
          ...openCases.map((c) => ({
            case: c.label,
            'rate req/s': `${c.rate} (got ${f(half[c.id].rate, 0)})`,
            'p50 ms': f(half[c.id].p50, 3),
            'p99 ms': f(half[c.id].p99, 3),
            'added p50 ms': f(half[c.id].p50 - o50, 3),
            'added p99 ms': f(half[c.id].p99 - o99, 3),
            'sender lag p99 ms': f(half[c.id].lagP99, 3),
            'server loop delay p99 / max ms': half[c.id].loop,
            'server GC pauses (n, total, max ms)': half[c.id].gc,
            errors: half[c.id].errors,
          })),
          {
            case: 'onnxruntime in-process, InferenceSession.run (1 record, idle server)',
            'rate req/s': `${f(ort1.rowsPerSecond, 0)} (sequential)`,
            'p50 ms': f(o50, 3),
            'p99 ms': f(o99, 3),
            'added p50 ms': '-',
            'added p99 ms': '-',
            'sender lag p99 ms': '-',
            'server loop delay p99 / max ms': '-',
            'server GC pauses (n, total, max ms)': '-',
            errors: 0,
          },
        ]);
        const added99 = half.off.p99 - o99;
        console.log(
          `   serving adds over in-process onnxruntime (API key): p50 ${f(half.off.p50 - o50, 3)} ms, ` +
            `p99 ${f(added99, 3)} ms (goal p99 ≤ 1 ms: ${verdict(added99 <= 1)}); beyond the bare route at the ` +
            `same rate: p50 ${f(half.off.p50 - half['bare-off'].p50, 3)} ms, p99 ${f(half.off.p99 - half['bare-off'].p99, 3)} ms ` +
            `(public: p50 ${f(half.public.p50 - half['bare-public'].p50, 3)} ms, p99 ${f(half.public.p99 - half['bare-public'].p99, 3)} ms)`,
        );

        console.log(`\n3. prediction log and shadow: throughput at saturation vs both off`);
        const cost = (id) => 1 - vs(id, 'off');
        table(
          ['off', 'log', 'shadow'].map((id) => ({
            case: cases.find((c) => c.id === id).label,
            'req/s': f(sat[id].rate, 0),
            'p50 ms': f(sat[id].p50),
            'p99 ms': f(sat[id].p99),
            'cost vs off': id === 'off' ? '-' : pct(cost(id)),
            'CPU µs/req': f(sat[id].cpu, 0),
            'cost by CPU': id === 'off' ? '-' : pct(cpuVs(id, 'off') - 1),
            goal: id === 'off' ? '-' : `≤ 10 %: ${verdict(cost(id) <= 0.1)}`,
          })),
        );
        console.log(
          `   log: ${series('sextant_serving_prediction_log_records_total', 'cr-log')} records published, ` +
            `${series('sextant_serving_prediction_log_dropped_total', 'cr-log')} dropped; ` +
            `shadow: ${shadowReport.mirrored} mirrored, ${shadowReport.dropped} dropped, ${shadowReport.errors} errors, ` +
            `p95 ${f(shadowReport.latencyMs.p95, 3)} ms`,
        );

        console.log(
          `\n4. adaptive micro-batching (deployment spec microBatching, on by default: concurrent single-record ` +
            `requests merged into one model run per event-loop turn, at most 64 rows) vs a deployment with it off`,
        );
        const batchedRatio = vs('off', 'unbatched');
        table([
          ...['unbatched', 'off'].map((id) => ({
            case: cases.find((c) => c.id === id).label,
            'saturation req/s': f(sat[id].rate, 0),
            'vs batching off': id === 'unbatched' ? '-' : `${f(batchedRatio)}×`,
            'p50 ms': f(sat[id].p50),
            'p99 ms': f(sat[id].p99),
            'CPU µs/req': f(sat[id].cpu, 0),
            [`half-peak (${halfOf('off')} req/s) p50 ms`]: f(half[id].p50, 3),
            'half-peak p99 ms': f(half[id].p99, 3),
          })),
        ]);
        const afterMetrics = await (await fetch(`${running.url}/metrics`)).text();
        const counter = (name) =>
          Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(afterMetrics)?.[1] ?? 0);
        const mergedRuns = counter('sextant_serving_micro_batch_runs_total');
        const mergedRequests = counter('sextant_serving_micro_batch_requests_total');
        console.log(
          `   merged model runs: ${mergedRuns}, carrying ${mergedRequests} requests ` +
            `(${f(mergedRequests / Math.max(1, mergedRuns), 1)} per merged run; a request alone in its turn runs alone)`,
        );
        console.log(
          `   micro-batching: ${f(batchedRatio)}× the throughput without it ` +
            `(${batchedRatio > 1.05 ? 'a gain' : 'no clear gain'}); CPU ${f(sat.off.cpu, 0)} vs ${f(sat.unbatched.cpu, 0)} µs/req; ` +
            `half-peak p99 ${f(half.off.p99, 3)} vs ${f(half.unbatched.p99, 3)} ms`,
        );
        console.log(
          `\n   batching headroom: the same records sent in batches by the client, and at the model in-process`,
        );
        table([
          ...['off', 'batch8', 'batch32'].map((id) => {
            const c = cases.find((x) => x.id === id);
            return {
              case: `HTTP: ${c.records} record(s) per request`,
              'req/s': f(sat[id].rate, 0),
              'records/s': f(sat[id].rate * c.records, 0),
              'vs 1 per request': `${f(vs(id, 'off') * c.records)}×`,
              'p99 ms': f(sat[id].p99),
              'CPU µs/record': f(sat[id].cpu / c.records, 1),
            };
          }),
          ...[
            [1, ort1],
            [8, ort8],
            [32, ort32],
          ].map(([n, r]) => ({
            case: `onnxruntime in-process: ${n} row(s) per run`,
            'req/s': f(r.rowsPerSecond / n, 0),
            'records/s': f(r.rowsPerSecond, 0),
            'vs 1 per request': `${f(r.rowsPerSecond / ort1.rowsPerSecond)}×`,
            'p99 ms': f(percentile(r.latencies, 99), 3),
            'CPU µs/record': f(1e6 / r.rowsPerSecond, 2),
          })),
        ]);
      }

      if (values.profile) {
        const target = cases.find((c) => c.id === values['profile-case']);
        if (!target) throw new Error(`--profile-case: one of ${cases.map((c) => c.id).join(', ')}`);
        await load({ mode: 'closed', ...target.job, seconds: warmup, connections });
        const { result, profile } = await cpuProfile(values.profile, {
          mode: 'closed',
          ...target.job,
          seconds,
          connections,
        });
        const s = summarise([result]);
        const summary = profileSummary(profile);
        console.log(
          `\nCPU profile of this process during ${seconds} s of "${target.label}" at ${connections} connections ` +
            `(${f(s.rate, 0)} req/s while profiled) → ${values.profile}`,
        );
        table(summary.packages);
        console.log('');
        table(summary.functions);
      }
    } finally {
      generator?.kill();
      await bare.app.close();
      await running.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
}

const fail = (e) => {
  console.error(e);
  process.exit(1);
};
if (values.load) {
  process.on('message', (job) => {
    (job.mode === 'open' ? openLoop(job) : closedLoop(job)).then((r) => process.send(r), fail);
  });
} else {
  main().catch(fail);
}
