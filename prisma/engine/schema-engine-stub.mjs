#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, for PRISMA_SCHEMA_ENGINE_BINARY (set in prisma.config.ts).
// The CLI spawns it as `schema-engine [--datamodels <file>]... [--datasource <json>]` and speaks
// newline-delimited JSON-RPC 2.0 on stdin/stdout; method params/results are the same objects as the
// @prisma/schema-engine-wasm JS API, so each request is forwarded to it. Only what `migrate diff`
// needs was checked; other methods are passed through as-is.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { openEngine } from './lib/wasm-engine.mjs'

const argv = process.argv.slice(2)
if (argv.includes('--version')) { console.log('schema-engine-stub (wasm)'); process.exit(0) }
if (argv.includes("cli")) { console.error('schema-engine-stub: `cli` subcommands not supported'); process.exit(1) }
const files = []
let datasource = {}
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--datamodels') files.push({ path: argv[++i], content: readFileSync(argv[i], 'utf8') })
  else if (argv[i] === '--datasource') datasource = JSON.parse(argv[++i])
}
// Shadow database: a temp database on the server of the config datasource (shadowDatabaseUrl, else url);
// no url, or PRISMA_STUB_PGLITE=1: in-memory PGlite.
const url = process.env.PRISMA_STUB_PGLITE ? undefined : (datasource.shadowDatabaseUrl ?? datasource.url)
const log = (fields, level = 'INFO') => process.stderr.write(JSON.stringify({ level, fields, target: 'schema_engine_stub' }) + '\n')

const ready = openEngine({ files, url })
const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n')
const rename = { getDatabaseVersion: 'version', migrateDiff: 'diff' }
let printId = 1e9 // ids for our own requests to the CLI (`print`)

let busy = Promise.resolve() // handle requests one at a time, in order, like the native engine
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  const msg = JSON.parse(line)
  if (msg.method === undefined) return // the CLI's reply to our `print` request
  busy = busy.then(async () => {
    try {
      const { engine } = await ready
      const m = rename[msg.method] ?? msg.method
      if (typeof engine[m] !== 'function') throw new Error(`method ${msg.method} not supported by the wasm engine`)
      const result = (await engine[m](msg.params ?? {})) ?? {}
      // The native engine prints `diff` output through a `print` request; the CLI writes it to its stdout.
      if (m === 'diff' && result.stdout) { send({ id: printId++, method: 'print', params: { content: result.stdout } }); result.stdout = null }
      send({ id: msg.id, result })
    } catch (e) {
      log({ message: String(e?.message ?? e) }, 'ERROR')
      send({ id: msg.id, error: { code: 4466, message: 'An error happened. Check the data field for details.',
        data: { is_panic: false, message: String(e?.message ?? e), error_code: e?.code } } })
    }
  })
}).on('close', async () => { await busy; try { await (await ready).close() } catch {} ; process.exit(0) })
