import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { defineEnv, serviceEnv } from '@sextant/config';
import { openDatabase } from '@sextant/db';
import { invocationDir } from '../env';
import { printAdminKey } from './print-admin-key';

/**
 * `sextant bootstrap`: migrates the database and, if it has no user yet, creates the first admin
 * and prints its key — what `sextant up` does on first start, for distributed deployments.
 */
export async function bootstrapCommand(): Promise<void> {
  const env = defineEnv(serviceEnv, process.env);
  const db = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: path.resolve(invocationDir(), env.SEXTANT_HOME, 'pgdata'),
    migrate: true,
  });
  try {
    const migration = db.migration!;
    process.stdout.write(
      migration.applied.length
        ? `applied: ${migration.applied.join(', ')}\n`
        : `database up to date (${migration.alreadyApplied.length} migrations)\n`,
    );
    const admin = await bootstrapAdmin(db.prisma);
    if (admin) printAdminKey(admin, (line) => process.stdout.write(`${line}\n`));
    else process.stdout.write('users exist already: no admin created\n');
  } finally {
    await db.close();
  }
}
