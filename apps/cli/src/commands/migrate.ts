import path from 'node:path';
import { openDatabase } from '@sextant/db';
import { defineEnv, serviceEnv } from '@sextant/config';
import { invocationDir } from '../env';

/** `sextant migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). */
export async function migrateCommand(): Promise<void> {
  const env = defineEnv(serviceEnv, process.env);
  const db = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: path.resolve(invocationDir(), env.SEXTANT_HOME, 'pgdata'),
    migrate: true,
  });
  const result = db.migration!;
  process.stdout.write(
    result.applied.length
      ? `applied: ${result.applied.join(', ')}\n`
      : `up to date (${result.alreadyApplied.length} migrations)\n`,
  );
  await db.close();
}
