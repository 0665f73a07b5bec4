import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { serviceAppEnvSchemas } from '@sextant/config';
import * as cliEnv from './env';

const repo = path.resolve(__dirname, '../../..');

/** The keys of every zod object schema a module exports (`upEnvSchema`, `clientEnvSchema`, …). */
function schemaKeys(module: Record<string, unknown>): string[] {
  return Object.values(module).flatMap((value) =>
    typeof value === 'object' && value !== null && 'shape' in value
      ? Object.keys((value as { shape: object }).shape)
      : [],
  );
}

/** The keys a file reads as `process.env['KEY']` or `process.env.KEY`. */
function keysReadIn(file: string): string[] {
  const text = readFileSync(path.join(repo, file), 'utf8');
  return [...text.matchAll(/process\.env(?:\[\s*['"]([A-Z0-9_]+)['"]\s*\]|\.([A-Z0-9_]+))/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

/**
 * Every app's environment. Apps are never imported by other packages, so the service apps' schemas
 * live in @sextant/config; the cli's are its own; the console (Next.js, which depends on the client
 * only) reads its one key in apps/console/lib/env.ts, scanned as text.
 */
const keysByApp: Record<string, string[]> = {
  ...Object.fromEntries(
    Object.entries(serviceAppEnvSchemas).map(([app, schema]) => [app, Object.keys(schema.shape)]),
  ),
  cli: schemaKeys(cliEnv),
  console: keysReadIn('apps/console/lib/env.ts'),
};

describe('environment', () => {
  const example = readFileSync(path.join(repo, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  const read = new Set(Object.values(keysByApp).flat());

  it('knows the environment of every app', () => {
    const apps = readdirSync(path.join(repo, 'apps'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(Object.keys(keysByApp).sort()).toEqual(apps.sort());
    const withoutKeys = Object.entries(keysByApp).filter(([, keys]) => keys.length === 0);
    expect(withoutKeys.map(([app]) => app)).toEqual([]);
  });

  it('lists in .env.example every key an app reads', () => {
    const missing = Object.entries(keysByApp).flatMap(([app, keys]) =>
      keys.filter((k) => !documented.has(k)).map((k) => `${app}: ${k}`),
    );
    expect(missing).toEqual([]);
  });

  it('lists in .env.example no key that no app reads', () => {
    expect([...documented].filter((k) => !read.has(k!))).toEqual([]);
  });

  it('defaults to standalone mode on the usual ports', () => {
    const env = cliEnv.readUpEnv({});
    expect(env).toMatchObject({
      PORT: 4000,
      CONSOLE_PORT: 3000,
      SEXTANT_CONSOLE: '1',
      HOST: '127.0.0.1',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KAFKA_BROKERS).toBeUndefined();
  });

  it('refuses a bad port with the variable named', () => {
    expect(() => cliEnv.readUpEnv({ PORT: '99999' })).toThrow(/PORT/);
  });
});
