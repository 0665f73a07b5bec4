import { open, readFile, rm } from 'node:fs/promises';
import { AppError } from '@sextant/errors';

/**
 * One process at a time per embedded data folder: two PGlite instances on one folder corrupt it.
 * The lock is a file beside the folder holding the owner's pid; a lock whose process is gone is
 * taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (owner && isAlive(owner)) {
        throw new AppError(
          'DATABASE_LOCKED',
          `the embedded database in ${dir} is in use by process ${owner}; stop that process first`,
        );
      }
      await rm(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError('DATABASE_LOCKED', `could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
