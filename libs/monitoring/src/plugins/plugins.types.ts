import { COLUMN_KINDS } from '@sextant/plugin-sdk';
import { z } from 'zod';

/** Defaults of the plugin worker pool. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;
export const DEFAULT_PLUGIN_MAX_MEMORY_MB = 256;
export const DEFAULT_PLUGIN_THREADS = 1;

/** How a host configures third-party drift-test plugins (`createMonitoringService({ plugins })`). */
export const pluginOptions = z
  .object({
    /** Folders whose subfolders (and `@scope/name` sub-subfolders) are plugin packages. */
    folders: z.array(z.string().min(1)).default([]),
    /** Package names, resolved like `require` from `resolveFrom`, then from this package. */
    packages: z.array(z.string().min(1)).default([]),
    /** Where `packages` are resolved from (their node_modules). Default: the process's cwd. */
    resolveFrom: z.string().min(1).optional(),
    /** Time limit of one call in the worker pool, queueing included (ms). */
    timeoutMs: z.number().int().positive().max(600_000).default(DEFAULT_PLUGIN_TIMEOUT_MS),
    /** Heap limit of each worker (V8 old generation, MB). ArrayBuffers are not counted. */
    maxMemoryMb: z.number().int().min(16).max(65_536).default(DEFAULT_PLUGIN_MAX_MEMORY_MB),
    /** Worker threads for third-party tests. */
    threads: z.number().int().min(1).max(64).default(DEFAULT_PLUGIN_THREADS),
  })
  .strict();
/** What a host passes. */
export type PluginOptions = z.input<typeof pluginOptions>;
/** The options with their defaults. */
export type PluginSettings = z.output<typeof pluginOptions>;

/** A comma-separated env value as a list (blank items dropped); unset or empty: undefined. */
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

/**
 * The plugin keys of a host's environment, for its env.ts schema (the apps extend theirs with
 * `pluginEnvFields.shape`); read nowhere else.
 */
export const pluginEnvFields = z.object({
  /** Plugin folders, comma-separated; unset: the host's default ($SEXTANT_HOME/plugins if it exists). */
  SEXTANT_PLUGIN_DIRS: commaList,
  /** Plugin packages (npm names), comma-separated, resolved from node_modules where the host runs. */
  SEXTANT_PLUGIN_PACKAGES: commaList,
});

/** The `sextant` key of a plugin's package.json. */
export const pluginManifest = z.object({
  type: z.literal('drift-tests', "must be 'drift-tests'"),
  apiVersion: z.number('must be a number').int(),
  sdk: z.string('must be a semver range of @sextant/plugin-sdk').min(1),
  entry: z.string('must be the path of the module to load').min(1),
  export: z
    .string('must name the export holding the plugin')
    .regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier'),
});
export type PluginManifest = z.output<typeof pluginManifest>;

export const ISOLATIONS = ['in-process', 'worker-pool'] as const;
/** Where a plugin's tests run: the built-in in the service's thread, third-party ones in workers. */
export type Isolation = (typeof ISOLATIONS)[number];

/** Where a plugin was found. */
export const pluginSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('built-in') }),
  /** A subfolder of a configured plugin folder. */
  z.object({ kind: z.literal('folder'), folder: z.string() }),
  /** A configured package name. */
  z.object({ kind: z.literal('package'), package: z.string() }),
]);
export type PluginSource = z.output<typeof pluginSource>;

/** A test of an installed plugin, as the console lists it. */
export const pluginTestInfo = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().nullable(),
  supports: z.array(z.enum(COLUMN_KINDS)),
  direction: z.enum(['p-value', 'distance']),
  defaultThreshold: z.number(),
  /** The params as JSON Schema (the input side: defaulted fields are optional); null if zod cannot say. */
  params: z.record(z.string(), z.unknown()).nullable(),
});
export type PluginTestInfo = z.output<typeof pluginTestInfo>;

/** One discovered plugin: loaded with its tests, or refused with the reason. */
export const pluginInfo = z.object({
  /** The plugin's package name (a refused folder without a readable package.json: its folder name). */
  name: z.string(),
  version: z.string().nullable(),
  source: pluginSource,
  /** The package folder; null for the built-in. */
  path: z.string().nullable(),
  status: z.enum(['loaded', 'refused']),
  /** Why a plugin was refused; null when loaded. */
  reason: z.string().nullable(),
  isolation: z.enum(ISOLATIONS),
  /** The manifest's SDK range and the SDK version it was checked against (null for the built-in). */
  sdk: z.object({ range: z.string(), installed: z.string() }).nullable(),
  tests: z.array(pluginTestInfo),
});
export type PluginInfo = z.output<typeof pluginInfo>;
