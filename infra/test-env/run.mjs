#!/usr/bin/env node
// `npm test`: sets up what the tests need, runs every package's tests through turbo, and takes down
// what it set up (also on failure and Ctrl-C). Uses whatever is already there:
//  - PostgreSQL: $DATABASE_URL, else the server on 127.0.0.1:5432, else a throwaway cluster in a
//    temporary folder on a free port (fsync off), removed at the end;
//  - Kafka: $KAFKA_BROKERS, else the broker on 127.0.0.1:9092, else infra/kafka's broker, started
//    once for all packages and stopped (with its data) at the end;
//  - Chromium, Java and Maven (and PostgreSQL's binaries when a cluster must be made): Debian's
//    packages, installed with apt-get when running as root; otherwise it stops at once and prints
//    the command to run.
// Arguments go to turbo: `npm test -- --filter=@sextant/bus`. Ends with one line `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  JestSummary,
  findCommand,
  findPostgresBin,
  freePort,
  installCommand,
  lookupUser,
  missingPackages,
  postgresAnswers,
  tcpListening,
  throwawayCluster,
} from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const isRoot = process.getuid?.() === 0;
const say = (message) => console.log(`[test-env] ${message}`);

/** Undo steps, run last-first exactly once: at the end, on a signal, or on an unexpected exit. */
const cleanups = [];
let cleanedUp = false;
function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  while (cleanups.length > 0) {
    try {
      cleanups.pop()();
    } catch (error) {
      console.error(`[test-env] clean-up step failed: ${error.message}`);
    }
  }
}
process.on('exit', cleanUp);

let turbo;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (turbo && turbo.exitCode === null && !interrupted) {
      // turbo stops its tasks on the signal; the run then ends through the normal path. A second
      // signal does not wait for it.
      interrupted = true;
      turbo.kill(signal);
      return;
    }
    say(`${signal}: stopping what was started`);
    turbo?.kill('SIGKILL');
    cleanUp();
    process.exit(130);
  });
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function fail(message) {
  console.error(`[test-env] ${message}`);
  cleanUp();
  process.exit(1);
}

// --- what is already there ---------------------------------------------------------------------
// infra/kafka's port (KAFKA_PORT there too), so that a second broker can run beside the usual one.
const kafkaPort = Number(process.env.KAFKA_PORT || 9092);
const kafkaAddress = `127.0.0.1:${kafkaPort}`;
const [pgAnswers, kafkaListens] = await Promise.all([
  process.env.DATABASE_URL ? true : postgresAnswers('127.0.0.1', 5432),
  process.env.KAFKA_BROKERS ? true : tcpListening('127.0.0.1', kafkaPort),
]);
let needCluster = !process.env.DATABASE_URL && !pgAnswers;
const needBroker = !process.env.KAFKA_BROKERS && !kafkaListens;

function findChromium() {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return explicit;
  return findCommand('chromium') ?? findCommand('chromium-browser');
}
function findJava() {
  const home = process.env.JAVA_HOME;
  if (home && findCommand('java', path.join(home, 'bin'))) return path.join(home, 'bin', 'java');
  return findCommand('java');
}
const tools = () => ({
  chromium: findChromium(),
  java: findJava(),
  mvn: findCommand('mvn'),
  ...(needCluster ? { postgres: findPostgresBin() } : {}),
});

// --- Debian packages ---------------------------------------------------------------------------
let found = tools();
const packages = missingPackages(found);
if (packages.length > 0) {
  if (!isRoot || !findCommand('apt-get')) {
    fail(
      `missing ${packages.join(', ')}; install them and run npm test again:\n\n` +
        `  ${installCommand(packages)}\n`,
    );
  }
  say(`installing ${packages.join(' ')} from Debian (once)`);
  const apt = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (run('apt-get', ['update', '-qq'], apt) !== 0) fail('apt-get update failed');
  const quiet = { ...apt, stdio: ['ignore', 'ignore', 'inherit'] };
  if (run('apt-get', ['install', '-y', '-qq', ...packages], quiet) !== 0) {
    fail(`apt-get install ${packages.join(' ')} failed`);
  }
  // Debian's postgresql package may have started its own cluster on 5432: then use that one.
  if (needCluster && (await postgresAnswers('127.0.0.1', 5432))) needCluster = false;
  found = tools();
  const still = missingPackages(found);
  if (still.length > 0) fail(`still missing after apt-get install: ${still.join(', ')}`);
}

// --- PostgreSQL --------------------------------------------------------------------------------
async function startCluster(bin) {
  // initdb refuses to run as root: the cluster then belongs to Debian's postgres user.
  const owner = isRoot ? lookupUser('postgres') : undefined;
  if (isRoot && !owner)
    fail('no postgres user to own the throwaway cluster (apt-get install postgresql)');
  const cluster = throwawayCluster(bin, owner);
  cleanups.push(() => cluster.remove());
  try {
    const url = await cluster.start();
    say(`throwaway PostgreSQL at ${url} (in ${cluster.dir}; removed at the end)`);
    return url;
  } catch (error) {
    fail(error.message);
  }
}

// --- Kafka -------------------------------------------------------------------------------------
function startBroker() {
  const kafka = path.join(root, 'infra/kafka');
  // Registered before the start, so that Ctrl-C during a slow first start still stops the broker.
  cleanups.push(() => run(path.join(kafka, 'stop.sh'), ['--clean'], { stdio: 'ignore' }));
  return new Promise((resolve) => {
    const child = spawn(path.join(kafka, 'start.sh'), [], { stdio: 'inherit' });
    child.once('error', (error) => fail(`infra/kafka/start.sh: ${error.message}`));
    child.once('exit', (code) => {
      if (code !== 0) fail('infra/kafka/start.sh failed (above)');
      resolve();
    });
  });
}

const [databaseUrl] = await Promise.all([
  needCluster ? startCluster(found.postgres) : undefined,
  needBroker ? startBroker() : undefined,
]);

const env = {
  ...process.env,
  DATABASE_URL:
    process.env.DATABASE_URL || databaseUrl || 'postgresql://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS || kafkaAddress,
  CHROMIUM_PATH: found.chromium,
};
if (!needCluster && !process.env.DATABASE_URL) say('using the PostgreSQL on 127.0.0.1:5432');
if (!needBroker && !process.env.KAFKA_BROKERS) say(`using the Kafka broker on ${kafkaAddress}`);

// --- the tests ---------------------------------------------------------------------------------
const summary = new JestSummary();
const turboBin = path.join(root, 'node_modules/.bin/turbo');
const status = await new Promise((resolve) => {
  turbo = spawn(turboBin, ['run', 'test', '--concurrency=2', ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  for (const [from, to] of [
    [turbo.stdout, process.stdout],
    [turbo.stderr, process.stderr],
  ]) {
    from.setEncoding('utf8');
    from.on('data', (chunk) => {
      to.write(chunk);
      summary.add(chunk);
    });
  }
  turbo.once('error', (error) => {
    console.error(`[test-env] ${turboBin}: ${error.message} (run npm ci first)`);
    resolve(1);
  });
  turbo.once('close', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
});

cleanUp();
const { passed, failed } = summary.end();
const note = interrupted
  ? ' (interrupted)'
  : status !== 0 && failed === 0
    ? ` (exit ${status}: a task failed, see above)`
    : '';
console.log(`${passed} passed, ${failed} failed${note}`);
process.exit(status);
