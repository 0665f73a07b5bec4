import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma CLI configuration. The schema is a folder (one file per domain).
//
// Prisma's CLI downloads its native schema engine before any command, and that download is not
// reachable on our build machines. `prisma generate` never runs the engine, so unless a real engine
// is configured we point the CLI at a stand-in, and migrations are applied at run time by
// @sextant/db's migrator instead of `prisma migrate deploy`. See docs/decisions/0002.
process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= path.join(__dirname, 'prisma/engine/unavailable.js');
process.env['CHECKPOINT_DISABLE'] ??= '1';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
