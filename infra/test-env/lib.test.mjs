// Unit tests of run.mjs's helpers: `node --test infra/test-env/lib.test.mjs` (part of `npm test`).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
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
} from './lib.mjs';

/** A server on a free port that answers every connection with `reply` (or nothing). */
async function serve(reply) {
  const server = createServer((socket) => {
    socket.on('data', () => {
      if (reply) socket.write(reply);
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port };
}

describe('probes', () => {
  it('tells a listening port from a free one', async () => {
    const { server, port } = await serve();
    try {
      assert.equal(await tcpListening('127.0.0.1', port), true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await tcpListening('127.0.0.1', port), false);
  });

  it('takes a PostgreSQL answer to SSLRequest, not any listener', async () => {
    const pg = await serve('N');
    const other = await serve('HTTP/1.1 400 Bad Request\r\n\r\n');
    try {
      assert.equal(await postgresAnswers('127.0.0.1', pg.port), true);
      assert.equal(await postgresAnswers('127.0.0.1', other.port), false);
    } finally {
      await new Promise((resolve) => pg.server.close(resolve));
      await new Promise((resolve) => other.server.close(resolve));
    }
    assert.equal(await postgresAnswers('127.0.0.1', pg.port), false);
  });

  it('gives up on a listener that never answers', async () => {
    const silent = await serve();
    try {
      assert.equal(await postgresAnswers('127.0.0.1', silent.port, 200), false);
    } finally {
      silent.server.closeAllConnections?.();
      await new Promise((resolve) => silent.server.close(resolve));
    }
  });

  it('finds a port nobody listens on', async () => {
    const port = await freePort();
    assert.ok(port > 0);
    assert.equal(await tcpListening('127.0.0.1', port), false);
  });
});

describe('tools', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sx-test-env-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds an executable on PATH, first folder first, and skips non-executables', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'tool'), '');
    writeFileSync(path.join(b, 'tool'), '#!/bin/sh\n');
    chmodSync(path.join(b, 'tool'), 0o755);
    const PATH = [a, b].join(path.delimiter);
    assert.equal(findCommand('tool', PATH), path.join(b, 'tool'));
    assert.equal(findCommand('absent', PATH), undefined);
  });

  it('picks the newest PostgreSQL that has initdb and pg_ctl', () => {
    const lib = path.join(dir, 'postgresql');
    for (const [version, files] of [
      ['9.6', ['initdb', 'pg_ctl']],
      ['15', ['initdb', 'pg_ctl']],
      ['16', ['pg_ctl']],
    ]) {
      const bin = path.join(lib, version, 'bin');
      mkdirSync(bin, { recursive: true });
      for (const f of files) {
        writeFileSync(path.join(bin, f), '');
        chmodSync(path.join(bin, f), 0o755);
      }
    }
    assert.equal(findPostgresBin(lib), path.join(lib, '15', 'bin'));
    assert.equal(findPostgresBin(path.join(dir, 'nothing')), undefined);
  });

  it('names the Debian packages of the missing tools, and only those checked', () => {
    assert.deepEqual(missingPackages({ chromium: '/usr/bin/chromium', java: undefined, mvn: '' }), [
      'default-jre-headless',
      'maven',
    ]);
    assert.deepEqual(missingPackages({ chromium: undefined, postgres: undefined }), [
      'chromium',
      'postgresql',
    ]);
    assert.deepEqual(missingPackages({ java: '/usr/bin/java' }), []);
    assert.equal(
      installCommand(['chromium', 'maven']),
      'sudo apt-get update && sudo apt-get install -y chromium maven',
    );
  });

  it('reads a user from passwd text', () => {
    const passwd =
      'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104:PG:/var/lib/postgresql:/bin/sh\n';
    assert.deepEqual(lookupUser('postgres', passwd), { uid: 101, gid: 104 });
    assert.equal(lookupUser('nobody', passwd), undefined);
  });
});

describe('JestSummary', () => {
  it('adds up the Tests: lines of every package, split anywhere, colours or not', () => {
    const summary = new JestSummary();
    const output = [
      '@sextant/bus:test: PASS test/kafka-bus.int-spec.ts',
      '@sextant/bus:test: Test Suites: 1 failed, 3 passed, 4 total',
      '@sextant/bus:test: Tests:       2 failed, 40 passed, 42 total',
      '@sextant/api:test: \x1b[1mTests:\x1b[22m       \x1b[1m\x1b[32m7 passed\x1b[39m\x1b[22m, 7 total',
      '@sextant/db:test: Tests:       1 skipped, 5 passed, 6 total',
      'Tests: 1 failed, 1 total',
    ].join('\n');
    for (let i = 0; i < output.length; i += 7) summary.add(output.slice(i, i + 7));
    assert.deepEqual(summary.end(), { passed: 52, failed: 3 });
  });

  it('counts nothing in output without jest summaries', () => {
    const summary = new JestSummary();
    summary.add('turbo 2.11.11\n  Tasks:    3 successful, 3 total\n');
    assert.deepEqual(summary.end(), { passed: 0, failed: 0 });
  });
});
