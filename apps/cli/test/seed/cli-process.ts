import { spawn } from 'node:child_process';
import path from 'node:path';

/** The built `sextant` command. */
export const cli = path.resolve(__dirname, '../../dist/main.js');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built `sextant` command in a child process, signed in through SEXTANT_URL and
 * SEXTANT_API_KEY, with empty config and home folders. Asynchronous: the platform it calls runs
 * in this process's event loop.
 */
export function sextantIn(
  env: Record<string, string>,
  args: string[],
  options: { cwd?: string; extraEnv?: Record<string, string> } = {},
): Promise<Result> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ...options.extraEnv };
  if (!options.extraEnv?.['SEXTANT_PROJECT']) delete childEnv['SEXTANT_PROJECT'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: childEnv,
      stdio: 'pipe',
      cwd: options.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}
