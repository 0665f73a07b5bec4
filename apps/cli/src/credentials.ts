import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './output';

/** What `sextant login` stores: one API and the key that signs in to it. */
export const storedCredentialsSchema = z.object({
  url: z.url(),
  apiKey: z.string().min(1),
});
export type StoredCredentials = z.output<typeof storedCredentialsSchema>;

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * `$XDG_CONFIG_HOME/sextant/credentials.json`, else `~/.config/sextant/credentials.json`. The XDG
 * spec says to ignore a relative XDG_CONFIG_HOME, so that a key never lands in a project folder.
 */
export function credentialsPath(xdgConfigHome: string | undefined): string {
  const base =
    xdgConfigHome && path.isAbsolute(xdgConfigHome)
      ? xdgConfigHome
      : path.join(os.homedir(), '.config');
  return path.join(base, 'sextant', 'credentials.json');
}

/**
 * The stored credentials, or null when there are none. A file or folder that others can read
 * (copied, or made by hand) gets its mode tightened before the key is used.
 */
export async function readCredentials(file: string): Promise<StoredCredentials | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  await tightenMode(path.dirname(file), DIR_MODE);
  await tightenMode(file, FILE_MODE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const result = storedCredentialsSchema.safeParse(parsed);
  if (!result.success) {
    throw new CliError(
      `${file} is not a valid credentials file: run \`sextant login\` again (or \`sextant logout\`)`,
      'BAD_CREDENTIALS_FILE',
    );
  }
  return result.data;
}

/**
 * Writes the credentials atomically: a temp file created with mode 0600 in the same folder, then
 * renamed over the old one — so the key is never readable by others, not even for a moment, and a
 * crash leaves either the old file or the new one.
 */
export async function writeCredentials(
  file: string,
  credentials: StoredCredentials,
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
  const temp = path.join(dir, `.credentials.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    // The umask can only remove bits from 0600, but say it explicitly.
    await handle.chmod(FILE_MODE);
    await handle.writeFile(`${JSON.stringify(credentials, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the stored credentials; says whether there were any. */
export async function removeCredentials(file: string): Promise<boolean> {
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function tightenMode(target: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode: current } = await stat(target);
  if ((current & 0o777 & ~mode) !== 0) await chmod(target, mode);
}
