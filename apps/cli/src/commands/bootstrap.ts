import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { openDatabase } from '@sextant/db';
import { invocationDir, readServiceEnv } from '../env';
import type { Output } from '../output';
import { printAdminKey } from './print-admin-key';

/**
 * `sextant bootstrap`: migrates the database and, if it has no user yet, creates the first admin
 * and prints its key — what `sextant up` does on first start, for distributed deployments.
 */
export async function bootstrapCommand(out: Output): Promise<void> {
  const env = readServiceEnv();
  const db = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: path.resolve(invocationDir(), env.SEXTANT_HOME, 'pgdata'),
    migrate: true,
  });
  try {
    const migration = db.migration!;
    const admin = await bootstrapAdmin(db.prisma);
    const lines = [
      migration.applied.length
        ? `applied: ${migration.applied.join(', ')}`
        : `database up to date (${migration.alreadyApplied.length} migrations)`,
    ];
    if (admin) printAdminKey(admin, (line) => lines.push(line));
    else lines.push('users exist already: no admin created');
    // Printed before the database closes: if closing fails, the key (shown once) is not lost.
    out.result(
      {
        migrations: { applied: migration.applied, alreadyApplied: migration.alreadyApplied },
        admin: admin ?? null,
      },
      lines,
    );
  } finally {
    await db.close();
  }
}
