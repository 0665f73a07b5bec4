import { z } from 'zod';
import { type ServiceEnv, defineEnv, flag, optionalUrl, port, serviceEnv } from '@sextant/config';

/**
 * A comma-separated list (blank items dropped); unset or empty: undefined. The same as
 * @sextant/monitoring's pluginEnvFields, defined here since importing that package would load the
 * whole monitoring domain at every command's start.
 */
const commaList = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .optional(),
);

/** The environment of `sextant up`: every key is listed in .env.example. */
export const upEnvSchema = serviceEnv.extend({
  PORT: port(4000),
  CONSOLE_PORT: port(3000),
  /** Set to 0 to run the API without the console. */
  SEXTANT_CONSOLE: z.enum(['0', '1']).default('1'),
  /** 1: webhooks may target loopback, private and link-local addresses; unset: 0. */
  SEXTANT_WEBHOOK_ALLOW_PRIVATE: flag,
  /** Drift-test plugin folders, comma-separated; unset: $SEXTANT_HOME/plugins if it exists. */
  SEXTANT_PLUGIN_DIRS: commaList,
  /** Drift-test plugin packages (npm names), comma-separated, found from where `sextant up` runs. */
  SEXTANT_PLUGIN_PACKAGES: commaList,
});
export type UpEnv = z.output<typeof upEnvSchema>;

export function readUpEnv(source: NodeJS.ProcessEnv = process.env): Readonly<UpEnv> {
  return defineEnv(upEnvSchema, source);
}

/** The environment of `sextant bootstrap`: the database fields every service reads. */
export function readServiceEnv(source: NodeJS.ProcessEnv = process.env): Readonly<ServiceEnv> {
  return defineEnv(serviceEnv, source);
}

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

/**
 * The environment of the commands that call the API (`health`, `login`, `whoami`, …). Each value
 * here beats the stored credentials and loses to a command-line flag.
 */
export const clientEnvSchema = z.object({
  /** Base URL of the API (or of the console, which proxies it). */
  SEXTANT_URL: optionalUrl,
  /** An API key (`sx_…`), used instead of the one `sextant login` stored. */
  SEXTANT_API_KEY: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
  /** `sextant login` stores its credentials in $XDG_CONFIG_HOME/sextant (default ~/.config). */
  XDG_CONFIG_HOME: z.preprocess(emptyToUndefined, z.string().optional()),
  /** The project of the tracking commands (`runs`, `log-metric`, `artifacts`); --project beats it. */
  SEXTANT_PROJECT: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
});
export type ClientEnv = z.output<typeof clientEnvSchema>;

export function readClientEnv(source: NodeJS.ProcessEnv = process.env): Readonly<ClientEnv> {
  return defineEnv(clientEnvSchema, source);
}

/**
 * The folder relative paths (SEXTANT_HOME) are taken from: where the user ran `npm start`
 * (the root script passes it as SEXTANT_CWD, since turbo runs `sextant up` inside apps/cli),
 * else the current folder.
 */
export function invocationDir(source: NodeJS.ProcessEnv = process.env): string {
  return source['SEXTANT_CWD'] || process.cwd();
}

/** The environment a child process (the console's `next`) inherits, with `extra` on top. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
