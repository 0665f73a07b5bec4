#!/usr/bin/env node
// Offline `prisma migrate diff`, calling @prisma/schema-engine-wasm's JS API directly (no CLI, no RPC).
//   node scripts/prisma-diff.mjs --from-empty --to-schema prisma/schema --script > migration.sql
//   node scripts/prisma-diff.mjs --from-migrations prisma/migrations --to-schema prisma/schema --exit-code
// --shadow-url postgresql://user@host:5432/postgres replays migrations in a temp database on that server
// (~1 s); without it, in a throw-away in-memory PGlite (~6 s). Exit: 0 same, 2 different, 1 error.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openEngine } from './lib/wasm-engine.mjs'

const { values: o } = parseArgs({ options: {
  'from-empty': { type: 'boolean' }, 'from-migrations': { type: 'string' }, 'to-schema': { type: 'string' },
  script: { type: 'boolean' }, 'exit-code': { type: 'boolean' }, 'shadow-url': { type: 'string' } } })
if (!o['to-schema'] || !!o['from-empty'] === !!o['from-migrations']) {
  console.error('usage: --from-empty|--from-migrations <dir> --to-schema <file|dir> [--script] [--exit-code] [--shadow-url <url>]')
  process.exit(1)
}

// A schema file, or every .prisma file under a folder (multi-file schema).
const p = o['to-schema']
const files = (statSync(p).isDirectory()
  ? readdirSync(p, { recursive: true }).filter((f) => f.endsWith('.prisma')).sort().map((f) => join(p, f))
  : [p]).map((f) => ({ path: f, content: readFileSync(f, 'utf8') }))

// The engine's MigrationList: <dir>/<name>/migration.sql in name order, plus migration_lock.toml.
function readMigrations(dir) {
  const baseDir = resolve(dir)
  const lock = join(baseDir, 'migration_lock.toml')
  return {
    baseDir, shadowDbInitScript: '',
    lockfile: { path: 'migration_lock.toml', content: existsSync(lock) ? readFileSync(lock, 'utf8') : null },
    migrationDirectories: readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory())
      .map((d) => d.name).sort().map((name) => {
        const f = join(baseDir, name, 'migration.sql')
        return { path: name, migrationFile: { path: 'migration.sql', content: existsSync(f)
          ? { tag: 'ok', value: readFileSync(f, 'utf8') } : { tag: 'error', value: 'missing migration.sql' } } }
      }),
  }
}

let code = 1
const { engine, close } = await openEngine({ files, url: o['shadow-url'] })
try {
  const res = await engine.diff({
    from: o['from-empty'] ? { tag: 'empty' } : { tag: 'migrations', ...readMigrations(o['from-migrations']) },
    to: { tag: 'schemaDatamodel', files },
    script: !!o.script, exitCode: !!o['exit-code'], filters: { externalTables: [], externalEnums: [] } })
  if (res.stdout) process.stdout.write(res.stdout.endsWith('\n') ? res.stdout : res.stdout + '\n')
  code = res.exitCode
} catch (e) {
  console.error(e?.message ?? e)
} finally {
  await close()
}
process.exit(code) // don't wait for pg pools' idle timers
