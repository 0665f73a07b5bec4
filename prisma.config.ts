import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma CLI configuration. The schema is a folder (one file per domain).
//
// Prisma's CLI downloads its native schema engine before any command, and that download is not
// reachable on our build machines. Unless a real engine is configured, the CLI is pointed at a
// stand-in that runs Prisma's own WebAssembly build of the engine (prisma/engine/), so
// `prisma generate` and `prisma migrate diff` work offline. Migrations are applied at run time by
// @sextant/db's migrator. See docs/decisions/0002-prisma-offline.md.
process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= path.join(
  __dirname,
  'prisma/engine/schema-engine-stub.mjs',
);
process.env['CHECKPOINT_DISABLE'] ??= '1';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  },
});
