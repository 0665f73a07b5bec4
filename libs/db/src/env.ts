/**
 * The environment of the test helpers (`@sextant/db/testing`): tests and benchmarks are entry
 * points, and may take the database server from their environment. Production code in this
 * package takes URLs as arguments and reads nothing here.
 */
export function testServerUrl(): string {
  return process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/postgres';
}
