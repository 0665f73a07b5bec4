import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMAINS } from './service-definition';

describe('the list of domains', () => {
  it('is the one the lint boundaries use (eslint.config.mjs cannot import TypeScript)', () => {
    const config = readFileSync(path.resolve(__dirname, '../../../eslint.config.mjs'), 'utf8');
    const listed = /const DOMAINS = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
    expect([...listed.matchAll(/'([a-z-]+)'/g)].map((m) => m[1])).toEqual([...DOMAINS]);
  });
});
