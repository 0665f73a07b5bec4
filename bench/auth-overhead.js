#!/usr/bin/env node
// Authenticated request overhead: the platform runs in this process on a throwaway PostgreSQL
// database; a load generator in a child process (so that it does not share the server's event
// loop) keeps --concurrency keep-alive requests in flight for --seconds per case. The same public
// procedure (`platform.health`, which pings the database) is called without credentials, with an
// API key and with a session cookie: the difference is authentication alone. `platform.whoami`
// (needs a caller) with a key and with a cookie shows a typical authenticated query. Baselines in
// the same run: `/healthz` (plain fastify, no tRPC, no auth) and health without credentials.
//   node bench/auth-overhead.js [--seconds 5] [--concurrency 16] [--rounds 1] [--warmup 1]
// Needs the built packages (npx tsc -b libs/runtime/tsconfig.build.json) and PostgreSQL
// (DATABASE_URL or the local one).
const { fork } = require('node:child_process');
const http = require('node:http');
const os = require('node:os');
const { parseArgs } = require('node:util');
const { percentile, table, withDatabase } = require('./lib');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '1' },
    load: { type: 'boolean', default: false }, // internal: run as the load generator
  },
});

/** Child process: closed-loop load over keep-alive sockets; replies with the latencies. */
function runLoad({ url, headers, seconds, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const once = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - t0)
            : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
    });
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) latencies.push(await once());
  };
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    return { count: latencies.length, elapsed, latencies };
  });
}

function measure(job) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--load'], { stdio: 'inherit' });
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
    child.send(job);
  });
}

async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

async function main() {
  const { startPlatform } = require('@sextant/runtime');
  const { bootstrapAdmin } = require('@sextant/api');
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const warmup = Number(values.warmup);

  await withDatabase(async (databaseUrl) => {
    const running = await startPlatform({
      services: [],
      databaseUrl,
      home: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
    });
    try {
      const admin = await bootstrapAdmin(running.platform.db.prisma);
      const signIn = await post(
        `${running.url}/trpc/platform/sessions.signIn`,
        { email: admin.email, password: admin.password },
        { origin: running.url },
      );
      const cookie = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('sx_session='))
        .split(';')[0];
      const key = { authorization: `Bearer ${admin.key}` };
      const session = { cookie };
      const cases = [
        ['/healthz (fastify, no tRPC, no auth)', '/healthz', {}],
        ['health, no credentials (public)', '/trpc/platform/health', {}],
        ['health + API key', '/trpc/platform/health', key],
        ['health + session cookie', '/trpc/platform/health', session],
        ['whoami + API key', '/trpc/platform/whoami', key],
        ['whoami + session cookie', '/trpc/platform/whoami', session],
      ];

      // Rounds interleave the cases, so that a change in the machine's load (it is shared) falls on
      // every case alike; each case's figures pool its rounds.
      const rounds = Number(values.rounds);
      const totals = cases.map(() => ({ count: 0, elapsed: 0, latencies: [] }));
      for (const [, path, headers] of cases) {
        await measure({ url: `${running.url}${path}`, headers, seconds: warmup, concurrency });
      }
      for (let round = 0; round < rounds; round++) {
        for (const [i, [, path, headers]] of cases.entries()) {
          const r = await measure({ url: `${running.url}${path}`, headers, seconds, concurrency });
          totals[i].count += r.count;
          totals[i].elapsed += r.elapsed;
          for (const l of r.latencies) totals[i].latencies.push(l);
        }
      }
      const figures = totals.map((t) => {
        const sorted = Float64Array.from(t.latencies).sort();
        return {
          rate: t.count / t.elapsed,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
        };
      });
      const base = figures[1]; // health without credentials
      const signed = (v, digits) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
      const rows = cases.map(([name], i) => {
        const f = figures[i];
        return {
          case: name,
          'req/s': f.rate.toFixed(0),
          'p50 ms': f.p50.toFixed(2),
          'p99 ms': f.p99.toFixed(2),
          'overhead vs public':
            i < 2
              ? '-'
              : `${signed((f.rate / base.rate - 1) * 100, 0)}% req/s, ` +
                `${signed(f.p50 - base.p50, 2)} ms p50`,
        };
      });
      const loadAtEnd = os.loadavg()[0];
      console.log(
        `authentication overhead: ${concurrency} concurrent keep-alive requests, ${rounds} round(s) of ` +
          `${seconds} s per case (after ${warmup} s warm-up), platform on PostgreSQL in-process, load ` +
          `from a child process; 1-min load average ${loadAtEnd.toFixed(1)} at the end, ` +
          `${os.cpus().length} cores`,
      );
      table(rows);
    } finally {
      await running.close();
    }
  });
}

const fail = (e) => {
  console.error(e);
  process.exit(1);
};
if (values.load) {
  process.once('message', (job) => {
    runLoad(job).then((result) => process.send(result, () => process.exit(0)), fail);
  });
} else {
  main().catch(fail);
}
