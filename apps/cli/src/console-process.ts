import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childEnv } from './env';

/** The console app's folder (apps/console), found beside this app; it is run, never imported. */
export const CONSOLE_DIR = path.resolve(__dirname, '../../console');

function nextBin(): string {
  return require.resolve('next/dist/bin/next', { paths: [CONSOLE_DIR] });
}

/** Builds the console when no production build exists yet (a first `sextant up` from source). */
export function ensureConsoleBuilt(log: (line: string) => void): void {
  if (existsSync(path.join(CONSOLE_DIR, '.next', 'BUILD_ID'))) return;
  log('building the console (first start only)…');
  const result = spawnSync(process.execPath, [nextBin(), 'build'], {
    cwd: CONSOLE_DIR,
    stdio: 'inherit',
    env: childEnv({ NEXT_TELEMETRY_DISABLED: '1' }),
  });
  if (result.status !== 0) throw new Error('the console build failed');
}

/** Runs `next start` for the console, pointing its /trpc proxy at the API. */
export function startConsole(options: {
  port: number;
  host: string;
  apiUrl: string;
}): ChildProcess {
  return spawn(
    process.execPath,
    [nextBin(), 'start', '-p', String(options.port), '-H', options.host],
    {
      cwd: CONSOLE_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childEnv({ NEXT_TELEMETRY_DISABLED: '1', SEXTANT_API_URL: options.apiUrl }),
    },
  );
}

/** Resolves when `url` answers with a non-5xx status, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
