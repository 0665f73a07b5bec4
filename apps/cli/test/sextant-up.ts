import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type RunningProcess, freePort, startNode } from '@sextant/testing';

const cli = path.resolve(__dirname, '../dist/main.js');
const KEY = /(sx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})/;
const ONE_TIME_PASSWORD = /One-time password\s+(\S+)/;
export const ADMIN_EMAIL = 'admin@sextant.local';

export interface SextantUp {
  readonly process: RunningProcess;
  readonly apiUrl: string;
  readonly consoleUrl: string;
  /** The first admin's API key, as the first start prints it. */
  readonly adminKey: string;
  /** The first admin's one-time console password. */
  readonly oneTimePassword: string;
  stop(): Promise<void>;
}

/**
 * `sextant up` from the built CLI in a fresh home, on the embedded defaults (no DATABASE_URL, no
 * Kafka): what a newcomer's `npm start` runs.
 */
export async function startSextantUp(env: Record<string, string> = {}): Promise<SextantUp> {
  const home = await mkdtemp(path.join(tmpdir(), 'sx-home-'));
  const [apiPort, consolePort] = [await freePort(), await freePort()];
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...rest } = process.env;
  const up = startNode(cli, ['up'], {
    ...rest,
    SEXTANT_HOME: home,
    PORT: String(apiPort),
    CONSOLE_PORT: String(consolePort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  });
  await up.waitFor(/Sextant is ready/, 240_000);
  return {
    process: up,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    adminKey: up.output().match(KEY)?.[1] ?? '',
    oneTimePassword: up.output().match(ONE_TIME_PASSWORD)?.[1] ?? '',
    stop: async () => {
      await up.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The admin's first sign-in in the console: the one-time password, then a password of their own. */
export async function signInFirstTime(page: Page, up: SextantUp, password: string): Promise<void> {
  await page.goto(`${up.consoleUrl}/experiments`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(up.oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Change your password' }).waitFor();
  await page.getByLabel('Current password').fill(up.oneTimePassword);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}
