import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SDK_API_VERSION } from '@sextant/plugin-sdk';
import { type PluginManifest, type PluginSource, pluginManifest } from './plugins.types';
import { satisfies } from './semver-range';

export const SDK_PACKAGE = '@sextant/plugin-sdk';

// npm's rules for a package name, so that a configured name can never walk out of node_modules.
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** A package found in a configured folder or by name, before its manifest is checked. */
export interface PluginCandidate {
  readonly source: PluginSource;
  /** The package folder (real path), or the configured folder when it does not exist. */
  readonly dir: string;
  /** Set when the candidate is refused before its package.json is read (a missing folder). */
  readonly missing?: string;
}

/** A candidate whose manifest checks out: what the host loads. */
export interface CheckedPlugin {
  readonly source: PluginSource;
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly manifest: PluginManifest;
  /** The entry module, absolute, inside `dir`. */
  readonly entry: string;
  readonly sdk: { range: string; installed: string };
}

/** A candidate refused by its package.json or manifest. */
export interface RefusedCandidate {
  readonly source: PluginSource;
  readonly dir: string;
  readonly name: string;
  readonly version: string | null;
  readonly reason: string;
  readonly sdk: { range: string; installed: string } | null;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory(); // follows symlinks (workspaces, `npm link`)
  } catch {
    return false;
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Whether a folder is a package declaring a `sextant` manifest (for node_modules scans). */
function declaresManifest(dir: string): boolean {
  try {
    const pkg = readJson(path.join(dir, 'package.json')) as Record<string, unknown> | null;
    return pkg !== null && typeof pkg === 'object' && 'sextant' in pkg;
  } catch {
    return false;
  }
}

/** Package folders directly in `dir`, descending one level into `@scope` folders. */
function packageFolders(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    if (!isDirectory(full)) continue;
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(full).sort()) {
        const inner = path.join(full, scoped);
        if (!scoped.startsWith('.') && isDirectory(inner)) found.push(inner);
      }
    } else found.push(full);
  }
  return found;
}

/**
 * The plugin packages of the configured folders and package names, in that order, each once
 * (by real path). In a folder every subfolder is a candidate (one without a manifest is refused,
 * so that a misplaced folder shows up); its `node_modules` (from `npm install --prefix <folder>`)
 * is scanned too, keeping only packages that declare a `sextant` manifest.
 */
export function findCandidates(options: {
  folders: readonly string[];
  packages: readonly string[];
  resolveFrom: string;
}): PluginCandidate[] {
  const seen = new Set<string>();
  const out: PluginCandidate[] = [];
  const add = (source: PluginSource, dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    out.push({ source, dir: real });
  };
  for (const configured of options.folders) {
    const folder = path.resolve(configured);
    const source: PluginSource = { kind: 'folder', folder };
    if (!isDirectory(folder)) {
      out.push({ source, dir: folder, missing: 'the plugin folder does not exist' });
      continue;
    }
    try {
      for (const dir of packageFolders(folder)) add(source, dir);
      const modules = path.join(folder, 'node_modules');
      if (isDirectory(modules))
        for (const dir of packageFolders(modules)) if (declaresManifest(dir)) add(source, dir);
    } catch (error) {
      // An unreadable folder (permissions) is reported like a missing one, never thrown.
      out.push({
        source,
        dir: folder,
        missing: `the plugin folder cannot be read: ${(error as Error).message}`,
      });
    }
  }
  for (const name of options.packages) {
    const source: PluginSource = { kind: 'package', package: name };
    if (!PACKAGE_NAME.test(name)) {
      out.push({ source, dir: name, missing: `'${name}' is not an npm package name` });
      continue;
    }
    const dir = findPackageDir(name, [path.resolve(options.resolveFrom), __dirname]);
    if (dir) add(source, dir);
    else
      out.push({
        source,
        dir: name,
        missing: `package '${name}' is not installed (looked in node_modules from ${options.resolveFrom})`,
      });
  }
  return out;
}

/**
 * The folder of package `name` as Node would find it from `bases`: `node_modules/<name>` in each
 * base and its ancestors. By folder, not `require.resolve`, since a package's `exports` may hide
 * its package.json.
 */
export function findPackageDir(name: string, bases: readonly string[]): string | undefined {
  for (const base of bases) {
    for (let dir = base; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/**
 * The version of @sextant/plugin-sdk that a plugin in `dir` gets when it requires it: its own
 * (nested node_modules), else the one found up the tree, else the host's. Read from the package.json
 * above the resolved module, since the SDK's `exports` do not expose its package.json.
 */
export function sdkVersionFor(dir: string): string | undefined {
  const tryFrom = (from: string) => {
    try {
      let p = path.dirname(createRequire(from).resolve(SDK_PACKAGE));
      for (; path.dirname(p) !== p; p = path.dirname(p)) {
        const file = path.join(p, 'package.json');
        if (!existsSync(file)) continue;
        const pkg = readJson(file) as { name?: unknown; version?: unknown };
        if (pkg.name === SDK_PACKAGE && typeof pkg.version === 'string') return pkg.version;
      }
    } catch {
      // not resolvable from here
    }
    return undefined;
  };
  return tryFrom(path.join(dir, 'package.json')) ?? tryFrom(__filename);
}

function zodReason(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((i) => `sextant.${i.path.map(String).join('.')}: ${i.message}`)
    .join('; ');
}

/**
 * Reads and checks a candidate's package.json before any of its code runs: a `sextant` manifest of
 * type 'drift-tests', `apiVersion` equal to the SDK's, an SDK range the installed SDK satisfies, and
 * an entry file inside the package.
 */
export function checkCandidate(candidate: PluginCandidate): CheckedPlugin | RefusedCandidate {
  const { source, dir } = candidate;
  const fallbackName = path.basename(dir);
  const refuse = (
    reason: string,
    name = fallbackName,
    version: string | null = null,
    sdk: RefusedCandidate['sdk'] = null,
  ): RefusedCandidate => ({ source, dir, name, version, reason, sdk });
  if (candidate.missing) return refuse(candidate.missing);

  let pkg: Record<string, unknown>;
  try {
    const parsed = readJson(path.join(dir, 'package.json'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return refuse('package.json is not a JSON object');
    pkg = parsed as Record<string, unknown>;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return refuse(
      missing ? 'no package.json' : `package.json does not parse: ${(error as Error).message}`,
    );
  }
  const name = typeof pkg['name'] === 'string' ? pkg['name'] : fallbackName;
  const version = typeof pkg['version'] === 'string' ? pkg['version'] : null;
  if (typeof pkg['name'] !== 'string') return refuse('package.json has no name');
  if (version === null) return refuse('package.json has no version', name);
  if (!('sextant' in pkg))
    return refuse('package.json has no "sextant" manifest (see docs/plugins.md)', name, version);
  const parsed = pluginManifest.safeParse(pkg['sextant']);
  if (!parsed.success) return refuse(zodReason(parsed.error), name, version);
  const manifest = parsed.data;

  if (manifest.apiVersion !== SDK_API_VERSION)
    return refuse(
      `sextant.apiVersion is ${manifest.apiVersion}; this host implements apiVersion ${SDK_API_VERSION}`,
      name,
      version,
    );
  const installed = sdkVersionFor(dir);
  if (installed === undefined)
    return refuse(`${SDK_PACKAGE} is not installed where the plugin can load it`, name, version);
  const sdk = { range: manifest.sdk, installed };
  let ok: boolean;
  try {
    ok = satisfies(installed, manifest.sdk);
  } catch (error) {
    return refuse(`sextant.sdk: ${(error as Error).message}`, name, version, sdk);
  }
  if (!ok)
    return refuse(
      `sextant.sdk wants ${SDK_PACKAGE} ${manifest.sdk}, but ${installed} is installed`,
      name,
      version,
      sdk,
    );

  const entry = path.resolve(dir, manifest.entry);
  const relative = path.relative(dir, entry);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    return refuse(`sextant.entry '${manifest.entry}' is outside the package`, name, version, sdk);
  if (!existsSync(entry))
    return refuse(
      `sextant.entry '${manifest.entry}' does not exist (is the plugin built?)`,
      name,
      version,
      sdk,
    );
  return { source, dir, name, version, manifest, entry, sdk };
}
