// Helpers of run.mjs (the `npm test` set-up): probes, command lookup, Debian package names, the
// jest summary. Plain Node, no dependencies, so that it runs before `npm ci` has built anything.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Connects to host:port and lets `talk(socket, done)` decide the answer; false on an error or
 * after timeoutMs. The socket is always destroyed.
 */
function probe(host, port, timeoutMs, talk) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    talk(socket, done);
  });
}

/** True if something accepts a TCP connection on host:port within timeoutMs. */
export function tcpListening(host, port, timeoutMs = 1000) {
  return probe(host, port, timeoutMs, (socket, done) => socket.once('connect', () => done(true)));
}

/**
 * True if a PostgreSQL server answers on host:port: it sends an SSLRequest (the first message of
 * every PostgreSQL client) and wants the one-byte answer 'S' or 'N'. A bare TCP connect would also
 * accept any other program that holds the port.
 */
export function postgresAnswers(host, port, timeoutMs = 1000) {
  return probe(host, port, timeoutMs, (socket, done) => {
    socket.once('connect', () => {
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(80877103, 4);
      socket.write(request);
    });
    socket.once('data', (chunk) => done(chunk[0] === 0x53 || chunk[0] === 0x4e));
  });
}

/** A TCP port that is free right now on host. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of `name` on PATH (like `command -v`), or undefined. */
export function findCommand(name, pathVariable = process.env.PATH ?? '') {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The bin folder of the newest PostgreSQL under root (Debian: /usr/lib/postgresql/<major>/bin). */
export function findPostgresBin(root = '/usr/lib/postgresql') {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (isExecutable(path.join(bin, 'initdb')) && isExecutable(path.join(bin, 'pg_ctl'))) {
      return bin;
    }
  }
  return undefined;
}

/** Debian's package for each tool the tests may need. */
export const DEBIAN_PACKAGES = {
  chromium: 'chromium',
  java: 'default-jre-headless',
  mvn: 'maven',
  postgres: 'postgresql',
};

/** The Debian packages to install for the tools that were not found, in a stable order. */
export function missingPackages(found) {
  return Object.keys(DEBIAN_PACKAGES)
    .filter((tool) => tool in found && !found[tool])
    .map((tool) => DEBIAN_PACKAGES[tool]);
}

/** The exact command a user without root runs to install the packages. */
export function installCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
}

/** uid and gid of a local user, from /etc/passwd's text; undefined if there is none. */
export function lookupUser(name, passwd = readFileSync('/etc/passwd', 'utf8')) {
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Adds up jest's closing lines ("Tests:       3 failed, 40 passed, 43 total"), which turbo prints
 * with a task prefix ("@sextant/bus:test: Tests: …"). Feed it the output in chunks of any size.
 */
export class JestSummary {
  passed = 0;
  failed = 0;
  #partial = '';

  add(chunk) {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
  }

  end() {
    if (this.#partial) this.#line(this.#partial);
    this.#partial = '';
    return { passed: this.passed, failed: this.failed };
  }

  #line(raw) {
    const match = /(?:^|\s)Tests:\s+(.*)$/.exec(raw.replace(ANSI, ''));
    if (!match) return;
    for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed)/g)) {
      if (kind === 'passed') this.passed += Number(count);
      else this.failed += Number(count);
    }
  }
}

/**
 * A PostgreSQL cluster in a new temporary folder, for one test run: trust auth, listening on
 * 127.0.0.1 only, fsync off (its data is thrown away). `owner` ({ uid, gid }) runs it as another
 * user, which root needs (initdb refuses root). `start()` resolves with a URL of the `postgres`
 * database; `remove()` stops it and deletes the folder, whatever state it is in.
 */
export function throwawayCluster(bin, owner) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sx-test-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const run = (tool, args) =>
    spawnSync(path.join(bin, tool), args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
  const check = (what, result) => {
    if (result.error) throw new Error(`${what}: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${what} failed:\n${result.stderr}${result.stdout}`);
  };
  return {
    dir,
    async start() {
      const initdb = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'];
      check('initdb', run('initdb', [...initdb, '--no-sync']));
      const port = await freePort();
      const server = [
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
        '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      ].join(' ');
      const started = run('pg_ctl', ['-D', data, '-o', server, '-l', log, '-w', 'start']);
      if (started.status !== 0 && existsSync(log)) started.stderr += readFileSync(log, 'utf8');
      check('pg_ctl start', started);
      return `postgresql://postgres@127.0.0.1:${port}/postgres`;
    },
    remove() {
      if (existsSync(path.join(data, 'postmaster.pid'))) {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
