// Load @prisma/schema-engine-wasm in Node 20 and give it a driver adapter: the shared core of
// prisma-diff.mjs (direct JS API) and schema-engine-stub.mjs (stand-in for the native engine binary).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)

// wasm-bindgen's ESM entry does `import "./schema_engine_bg.wasm"`, which Node 20 can't; so instantiate
// the .wasm ourselves with the package's JS glue as its import object. SCHEMA_ENGINE_WASM may name
// another .wasm with the same bindings, e.g. node_modules/prisma/build/schema_engine_bg.wasm (bundled,
// unused, by prisma 7.10.1 = its exact engine hash d1b3f377, which is not published on npm).
async function loadWasm() {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  // Prefer the engine prisma itself ships (its exact version); fall back to the npm build.
  const bundled = join(require.resolve('prisma/package.json'), '..', 'build', 'schema_engine_bg.wasm')
  const file = process.env.SCHEMA_ENGINE_WASM
    ?? (existsSync(bundled) ? bundled : join(require.resolve('@prisma/schema-engine-wasm'), '..', 'schema_engine_bg.wasm'))
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { './schema_engine_bg.js': bg })
  bg.__wbg_set_wasm(inst.exports)
  inst.exports.__wbindgen_start()
  return bg
}

// PostgreSQL through @prisma/adapter-pg, with fixes for three 7.10.1 problems.
async function pgFactory(url) {
  const { PrismaPg } = await import('@prisma/adapter-pg')
  const { default: pg } = await import('pg')
  const u = new URL(url)
  const cfg = { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password) || undefined, database: u.pathname.slice(1) || 'postgres' }
  // (1) it rejects the `"char"` type (oid 18) of the engine's catalog queries ("Column type 'char'
  //     could not be deserialized"): report it as text (oid 25); pg already returns it as a string.
  // (2) its executeScript splits on ';' (breaks $$ bodies): send the script as one simple query.
  const fix = (a) => {
    const io = a.performIO.bind(a)
    a.performIO = async (q) => { const r = await io(q); for (const f of r.fields) if (f.dataTypeID === 18) f.dataTypeID = 25; return r }
    a.executeScript = async (sql) => { try { await a.underlyingDriver().query(sql) } catch (e) { a.onError(e) } }
    return a
  }
  const main = new PrismaPg(cfg)
  return { provider: 'postgres', adapterName: main.adapterName,
    connect: async () => fix(await main.connect()),
    // (3) its connectToShadowDb drops the temp database while its pool is still connected ("being
    //     accessed by other users"), and with a connectionString it would use the main database.
    async connectToShadowDb() {
      const name = `prisma_shadow_${crypto.randomUUID().replaceAll('-', '')}`
      const admin = new pg.Client(cfg)
      await admin.connect()
      await admin.query(`CREATE DATABASE "${name}"`)
      const a = fix(await new PrismaPg({ ...cfg, database: name }).connect())
      const release = a.dispose.bind(a)
      a.dispose = async () => {
        await release()
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await admin.end()
      }
      return a
    } }
}

// One in-memory PGlite (5-10 s to boot here), booted on the first query and shared by the engine's main
// connection (it only sends a version probe at startup) and its shadow database (migrations replay).
async function pgliteFactory(opened) {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  let shared
  const boot = () => (shared ??= (async () => {
    const db = new PGlite(); opened.push(db)
    const a = await new PrismaPGlite(db).connect()
    // 0.7.2 doesn't await exec() (errors got lost); also surface the message (else just "External error id#0")
    a.executeScript = async (sql) => { try { await db.exec(sql) } catch (e) { console.error('[pglite]', e.message); throw e } }
    return a
  })())
  const adapter = async () => ({
    provider: 'postgres', adapterName: '@prisma/adapter-pglite',
    queryRaw: async (q) => (await boot()).queryRaw(q), executeRaw: async (q) => (await boot()).executeRaw(q),
    executeScript: async (s) => (await boot()).executeScript(s),
    startTransaction: async (l) => (await boot()).startTransaction(l),
    getConnectionInfo: () => ({ supportsRelationJoins: true }), dispose: async () => {},
  })
  return { provider: 'postgres', adapterName: '@prisma/adapter-pglite', connect: adapter, connectToShadowDb: adapter }
}

/** files: [{path, content}] of the Prisma schema; url: PostgreSQL URL, or undefined for in-memory PGlite. */
export async function openEngine({ files = [], url }) {
  const bg = await loadWasm()
  const opened = []
  const factory = url ? await pgFactory(url) : await pgliteFactory(opened)
  const engine = await bg.SchemaEngine.new(
    { datamodels: files.length ? files.map((f) => [f.path, f.content]) : undefined },
    (log) => process.env.DEBUG_SCHEMA_ENGINE && console.error(log),
    bindMigrationAwareSqlAdapterFactory(factory))
  const close = async () => { engine.free(); await Promise.all(opened.map((db) => db.close())) }
  return { engine, close, version: bg.version() }
}
