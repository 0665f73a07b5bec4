import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CliError } from '../output';

/** A local file to upload, with its artifact path relative to the folder given. */
export interface LocalFile {
  readonly file: string;
  /** `/`-separated, relative to the folder given (the file's name for a single file). */
  readonly relative: string;
}

/** A local entry that was not uploaded, and why. */
export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

const SYMLINK = 'a symbolic link: not followed';

/**
 * The regular files under `root`, recursively, in name order. Symbolic links are never
 * followed — neither to files nor to folders — so nothing outside the folder is read; they are
 * returned as skipped, with sockets, FIFOs and devices.
 */
export async function filesUnder(
  root: string,
): Promise<{ files: LocalFile[]; skipped: Skipped[] }> {
  const files: LocalFile[] = [];
  const skipped: Skipped[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) skipped.push({ file, reason: SYMLINK });
      else if (entry.isDirectory()) await walk(file, relative);
      else if (entry.isFile()) files.push({ file, relative });
      else skipped.push({ file, reason: 'not a regular file' });
    }
  };
  await walk(root, '');
  return { files, skipped };
}

/** What `localPath` is, without following a symbolic link at its end. */
export async function kindOf(localPath: string): Promise<'file' | 'dir' | 'symlink' | 'other'> {
  let stats;
  try {
    stats = await lstat(localPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(`no such file or folder: ${localPath}`, 'NOT_FOUND');
    }
    throw error;
  }
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'dir';
  return stats.isFile() ? 'file' : 'other';
}

/**
 * Opens `file` for reading, refusing a symbolic link even one swapped in since the folder was
 * listed (O_NOFOLLOW) and anything but a regular file.
 */
export async function openRegularFile(file: string): Promise<Readable> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new CliError(`${file} is ${SYMLINK}`, 'SYMLINK');
    }
    throw error;
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new CliError(`${file} is not a regular file`, 'NOT_A_FILE');
  }
  return handle.createReadStream();
}

/**
 * A relative artifact path made safe to join to a local folder: `/`-separated segments, none
 * empty, `.` or `..`, none with a backslash, a NUL or a drive letter. The server allows no
 * other, and the CLI does not take its word for it.
 */
export function safeSegments(relative: string): string[] {
  const segments = relative.split('/');
  for (const s of segments) {
    if (
      s === '' ||
      s === '.' ||
      s === '..' ||
      s.includes('\\') ||
      s.includes('\0') ||
      /^[A-Za-z]:/.test(s)
    ) {
      throw new CliError(
        `refusing the artifact path "${relative}": it could leave the folder`,
        'UNSAFE_PATH',
      );
    }
  }
  return segments;
}

/**
 * Opens `root/relative` for writing without ever leaving `root`: the path is resolved and
 * checked to stay inside, each folder on the way is created or must be a real folder (a
 * symbolic link there is refused, not followed), and the file itself is opened with O_NOFOLLOW,
 * so an existing symbolic link in its place is refused rather than written through. An existing
 * regular file is replaced.
 */
export async function openInside(root: string, relative: string): Promise<FileHandle> {
  const segments = safeSegments(relative);
  const target = path.resolve(root, ...segments);
  const inside = path.relative(root, target);
  if (!inside || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    throw new CliError(`refusing to write ${target}: it is outside ${root}`, 'UNSAFE_PATH');
  }
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = path.join(dir, segment);
    await ensureRealDir(dir);
  }
  try {
    return await open(
      target,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o666,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new CliError(`refusing to write through the symbolic link ${target}`, 'SYMLINK');
    }
    throw error;
  }
}

async function ensureRealDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stats = await lstat(dir);
  if (stats.isSymbolicLink()) {
    throw new CliError(`refusing to write through the symbolic link ${dir}`, 'SYMLINK');
  }
  if (!stats.isDirectory()) {
    throw new CliError(`${dir} is in the way: it is not a folder`, 'NOT_A_FOLDER');
  }
}

/** Removes a file left half-written. */
export async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}
