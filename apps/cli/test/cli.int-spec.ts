import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { TRPCClientError, createClient } from '@sextant/client';
import type { RunningPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { startTestPlatform } from './platform';

const cli = path.resolve(__dirname, '../dist/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built `sextant` command as a user runs it, in a child process with its own config and home
 * folders. Asynchronous: the platform it calls runs in this process's event loop.
 */
function sextant(
  args: string[],
  options: { configHome: string; input?: string; env?: Record<string, string> },
): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.['SEXTANT_URL']) delete env['SEXTANT_URL'];
  if (!options.env?.['SEXTANT_API_KEY']) delete env['SEXTANT_API_KEY'];
  env['XDG_CONFIG_HOME'] = options.configHome;
  env['HOME'] = path.join(options.configHome, 'home');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe('the sextant command against a running platform', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let admin: { email: string; key: string };
  let scratch: string;
  let configHome: string;
  let credentialsDir: string;
  let credentialsFile: string;
  /** The admin's key with its secret changed: well-formed, and wrong. */
  let badKey: string;
  /** What the API itself answers to badKey, which the CLI must pass on. */
  let refusal: { message: string; code: string };

  beforeAll(async () => {
    if (!existsSync(cli)) {
      throw new Error(`${cli} is missing: build first (npx tsc -b apps/cli/tsconfig.build.json)`);
    }
    db = await createTestDatabase();
    running = await startTestPlatform(db);
    admin = (await bootstrapAdmin(running.platform.db.prisma))!;
    scratch = await mkdtemp(path.join(os.tmpdir(), 'sextant-cli-'));
    badKey = `${admin.key.slice(0, -1)}${admin.key.endsWith('A') ? 'B' : 'A'}`;
    const error = await createClient({ url: running.url, apiKey: badKey })
      .platform.whoami.query()
      .catch((e: unknown) => e);
    if (!(error instanceof TRPCClientError)) throw new Error('the API accepted a wrong key');
    const data = error.data as { code: string; appCode: string | null };
    refusal = { message: error.message, code: data.appCode ?? data.code };
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    configHome = await mkdtemp(path.join(scratch, 'config-'));
    credentialsDir = path.join(configHome, 'sextant');
    credentialsFile = path.join(credentialsDir, 'credentials.json');
  });

  const login = (key: string, extra: string[] = []) =>
    sextant(['login', '--url', running.url, ...extra], { configHome, input: `${key}\n` });

  it('logs in with a key from stdin, stores it for the owner only, and later commands use it', async () => {
    const result = await login(admin.key);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(admin.email);
    expect(result.stdout).not.toContain(admin.key);

    expect(await modeOf(credentialsDir)).toBe(0o700);
    expect(await modeOf(credentialsFile)).toBe(0o600);
    expect(JSON.parse(await readFile(credentialsFile, 'utf8'))).toEqual({
      url: running.url,
      apiKey: admin.key,
    });

    const whoami = await sextant(['whoami'], { configHome });
    expect(whoami.code).toBe(0);
    expect(whoami.stdout.split('\n')[0]).toBe(admin.email);
  });

  it('refuses a bad key with the server’s message, exit 1, and stores nothing', async () => {
    const result = await login(badKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(refusal.message);
    expect(existsSync(credentialsDir)).toBe(false);

    // A bad key does not replace a good one either.
    await login(admin.key);
    expect((await login(badKey)).code).toBe(1);
    expect(JSON.parse(await readFile(credentialsFile, 'utf8'))).toMatchObject({
      apiKey: admin.key,
    });
  });

  it('tightens the mode of an existing credentials file, on login and on use', async () => {
    await mkdir(credentialsDir, { recursive: true, mode: 0o755 });
    await chmod(credentialsDir, 0o755);
    expect((await login(admin.key)).code).toBe(0);
    expect(await modeOf(credentialsDir)).toBe(0o700);

    await writeFile(credentialsFile, '{}');
    await chmod(credentialsDir, 0o755);
    await chmod(credentialsFile, 0o644);
    expect((await login(admin.key)).code).toBe(0);
    expect(await modeOf(credentialsDir)).toBe(0o700);
    expect(await modeOf(credentialsFile)).toBe(0o600);

    await chmod(credentialsDir, 0o755);
    await chmod(credentialsFile, 0o644);
    expect((await sextant(['whoami'], { configHome })).code).toBe(0);
    expect(await modeOf(credentialsDir)).toBe(0o700);
    expect(await modeOf(credentialsFile)).toBe(0o600);
  });

  it('lets SEXTANT_URL and SEXTANT_API_KEY override the stored credentials, and flags both', async () => {
    await login(admin.key);

    const wrong = await sextant(['whoami'], { configHome, env: { SEXTANT_API_KEY: badKey } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`sextant: ${refusal.message}\n`);

    const elsewhere = 'http://127.0.0.1:9';
    const otherUrl = await sextant(['whoami'], { configHome, env: { SEXTANT_URL: elsewhere } });
    expect(otherUrl.code).toBe(1);
    // The stored key belongs to the stored URL: it is not sent to another server.
    expect(otherUrl.stderr).toContain(`not signed in to ${elsewhere}`);

    const flags = await sextant(['whoami', '--url', running.url, '--api-key', admin.key], {
      configHome,
      env: { SEXTANT_URL: elsewhere, SEXTANT_API_KEY: badKey },
    });
    expect(flags.code).toBe(0);
    expect(flags.stdout).toContain(admin.email);

    const noStore = await mkdtemp(path.join(scratch, 'empty-'));
    const fromEnv = await sextant(['whoami'], {
      configHome: noStore,
      env: { SEXTANT_URL: running.url, SEXTANT_API_KEY: admin.key },
    });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain(admin.email);
  });

  it('prints exactly one JSON document with --json, errors included', async () => {
    const login = await sextant(['login', '--url', running.url, '--json'], {
      configHome,
      input: `${admin.key}\n`,
    });
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      url: running.url,
      credentialsFile,
      caller: { email: admin.email },
    });

    const whoami = await sextant(['whoami', '--json'], { configHome });
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ email: admin.email });

    const health = await sextant(['health', '--json'], { configHome });
    expect(health.code).toBe(0);
    const report = JSON.parse(health.stdout) as { ok: boolean; services: { service: string }[] };
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => s.service)).toEqual([
      'tracking',
      'serving',
      'pipelines',
      'monitoring',
    ]);

    const refused = await sextant(['whoami', '--json'], {
      configHome,
      env: { SEXTANT_API_KEY: badKey },
    });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      error: { ...refusal, httpStatus: 401 },
    });

    const usage = await sextant(['whoami', '--no-such-flag', '--json'], { configHome });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'USAGE' } });

    const logout = await sextant(['logout', '--json'], { configHome });
    expect(JSON.parse(logout.stdout)).toEqual({ removed: true, credentialsFile });
  });

  it('logs out by removing the stored key', async () => {
    await login(admin.key);
    const result = await sextant(['logout'], { configHome });
    expect(result.code).toBe(0);
    expect(existsSync(credentialsFile)).toBe(false);

    const whoami = await sextant(['whoami'], { configHome });
    expect(whoami.code).toBe(1);
    expect(whoami.stderr).toContain('sextant login');
  });
});
