import { z } from 'zod';
import { defineEnv, port, serviceEnv } from '@sextant/config';

/** The environment of `sextant up`: every key is listed in .env.example. */
export const upEnvSchema = serviceEnv.extend({
  PORT: port(4000),
  CONSOLE_PORT: port(3000),
  /** Set to 0 to run the API without the console. */
  SEXTANT_CONSOLE: z.enum(['0', '1']).default('1'),
});
export type UpEnv = z.output<typeof upEnvSchema>;

export function readUpEnv(source: NodeJS.ProcessEnv = process.env): Readonly<UpEnv> {
  return defineEnv(upEnvSchema, source);
}

/**
 * The folder relative paths (SEXTANT_HOME) are taken from: where the user ran `npm start`
 * (the root script passes it as SEXTANT_CWD, since turbo runs `sextant up` inside apps/cli),
 * else the current folder.
 */
export function invocationDir(source: NodeJS.ProcessEnv = process.env): string {
  return source['SEXTANT_CWD'] || process.cwd();
}
