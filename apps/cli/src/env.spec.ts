import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceEnv } from '@sextant/config';
import { readUpEnv, upEnvSchema } from './env';

describe('environment', () => {
  it('lists every key the services and `sextant up` read in .env.example', () => {
    const example = readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const read = [
      ...Object.keys(upEnvSchema.shape),
      ...Object.keys(serviceEnv.shape),
      'SEXTANT_API_URL',
    ];
    expect(read.filter((k) => !documented.has(k))).toEqual([]);
  });

  it('defaults to standalone mode on the usual ports', () => {
    const env = readUpEnv({});
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
    expect(() => readUpEnv({ PORT: '99999' })).toThrow(/PORT/);
  });
});
