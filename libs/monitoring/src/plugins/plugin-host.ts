import path from 'node:path';
import {
  type DriftCurrent,
  type DriftReference,
  type DriftTest,
  type Plugin,
  SDK_API_VERSION,
} from '@sextant/plugin-sdk';
import { stattestsPlugin } from '@sextant/plugin-stattests';
import { z } from 'zod';
import { computeDriftAsync } from '../drift/compute-drift';
import { DriftTestRegistry } from '../drift/drift-test-registry';
import type { ComputeDriftInput, DriftReport } from '../drift/drift.types';
import {
  type CheckedPlugin,
  type RefusedCandidate,
  checkCandidate,
  findCandidates,
} from './discover-plugins';
import {
  type DriftRunOptions,
  type DriftRunResult,
  type DriftTestRunner,
  InProcessRunner,
  describeThrown,
  isDriftRunError,
} from './drift-test-runner';
import { pluginProblem } from './plugin-shape';
import {
  type Isolation,
  type PluginInfo,
  type PluginOptions,
  type PluginSettings,
  type PluginTestInfo,
  pluginOptions,
} from './plugins.types';
import { PluginPool, PoolCallError, WorkerPoolRunner } from './worker-pool';

// Any params schema: each test validates its own params.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDriftTest = DriftTest<any>;

/** Where start-up problems go (a Nest logger in the service). */
export type PluginLog = (level: 'info' | 'warn', message: string) => void;

/** The params schema as JSON Schema (input side), or null when zod cannot express it. */
function paramsJsonSchema(test: AnyDriftTest): Record<string, unknown> | null {
  try {
    return z.toJSONSchema(test.params, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  } catch {
    return null;
  }
}

function testInfo(test: AnyDriftTest): PluginTestInfo {
  return {
    name: test.name,
    version: test.version,
    description: test.description ?? null,
    supports: [...test.supports],
    direction: test.direction,
    defaultThreshold: test.defaultThreshold,
    params: paramsJsonSchema(test),
  };
}

/**
 * The host's stand-in for a third-party test in the registry: the plugin's metadata and its own
 * params schema (validated in the service's thread, so a bad request is a 400 before any worker
 * runs), but no way to run it here: `execute` throws, so that code calling the registry directly
 * can never run third-party code in-process. Runs go through `PluginHost.runner`.
 */
function pooledStandIn(test: AnyDriftTest, pluginName: string): AnyDriftTest {
  const refuse = (): never => {
    throw new Error(
      `drift test '${test.name}' (${pluginName}) runs in the plugin worker pool: call it through the plugin host's DriftTestRunner`,
    );
  };
  return Object.freeze({
    name: test.name,
    version: test.version,
    description: test.description,
    supports: Object.freeze([...test.supports]),
    params: test.params,
    defaultThreshold: test.defaultThreshold,
    direction: test.direction,
    parseParams: (input: unknown) => test.parseParams(input),
    run: refuse,
    execute: refuse,
  });
}

function refusedInfo(candidate: RefusedCandidate | CheckedPlugin, reason: string): PluginInfo {
  return {
    name: candidate.name,
    version: candidate.version,
    source: candidate.source,
    path: candidate.dir,
    status: 'refused',
    reason,
    isolation: 'worker-pool',
    sdk: candidate.sdk,
    tests: [],
  };
}

/**
 * The drift-test plugins of one monitoring service: the built-in `@sextant/plugin-stattests`, run
 * in-process, and the third-party plugins discovered at start-up in the configured folders and
 * packages, validated, and run in a worker pool with time and memory limits. A plugin that fails a
 * check is listed as refused with the reason, and skipped; start-up goes on.
 */
export class PluginHost {
  /** Every installed test by name (third-party ones as stand-ins: see `pooledStandIn`). */
  readonly registry: DriftTestRegistry;
  /** Runs any installed test where it belongs. */
  readonly runner: DriftTestRunner;
  private readonly inProcess: InProcessRunner;
  private readonly builtIns: DriftTestRegistry;

  /** Made by `PluginHost.start`. */
  constructor(
    private readonly infos: readonly PluginInfo[],
    registry: DriftTestRegistry,
    builtIns: DriftTestRegistry,
    private readonly pooled: WorkerPoolRunner | null,
    readonly settings: PluginSettings,
  ) {
    this.registry = registry;
    this.builtIns = builtIns;
    this.inProcess = new InProcessRunner(builtIns);
    this.runner = {
      run: (
        testName: string,
        reference: DriftReference,
        current: DriftCurrent,
        params?: unknown,
        options?: DriftRunOptions,
      ): Promise<DriftRunResult> =>
        this.pooled?.has(testName)
          ? this.pooled.run(testName, reference, current, params, options)
          : this.inProcess.run(testName, reference, current, params, options),
    };
  }

  /**
   * Discovers, checks and loads the plugins. Never throws for a plugin's fault; throws only for
   * bad options (a host's programming error).
   */
  static async start(options: PluginOptions = {}, log: PluginLog = () => {}): Promise<PluginHost> {
    const settings = pluginOptions.parse(options);
    const builtIns = new DriftTestRegistry().register(stattestsPlugin);
    const registry = new DriftTestRegistry().register(stattestsPlugin);
    const infos: PluginInfo[] = [
      {
        name: stattestsPlugin.name,
        version: stattestsPlugin.version,
        source: { kind: 'built-in' },
        path: null,
        status: 'loaded',
        reason: null,
        isolation: 'in-process',
        sdk: null,
        tests: stattestsPlugin.tests.map(testInfo),
      },
    ];

    const candidates = findCandidates({
      folders: settings.folders,
      packages: settings.packages,
      resolveFrom: settings.resolveFrom ?? process.cwd(),
    });
    let pool: PluginPool | null = null;
    let runner: WorkerPoolRunner | null = null;
    for (const candidate of candidates) {
      let info: PluginInfo;
      try {
        const checked = checkCandidate(candidate);
        if ('reason' in checked) info = refusedInfo(checked, checked.reason);
        else {
          pool ??= new PluginPool(settings);
          runner ??= new WorkerPoolRunner(pool);
          info = await load(checked, registry, runner, pool, infos);
        }
      } catch (error) {
        // Whatever goes wrong with one plugin, start-up goes on without it.
        info = refusedInfo(
          {
            source: candidate.source,
            dir: candidate.dir,
            name: path.basename(candidate.dir),
            version: null,
            reason: '',
            sdk: null,
          },
          `unexpected error while loading: ${describeThrown(error)}`,
        );
      }
      infos.push(info);
      if (info.status === 'refused')
        log('warn', `drift-test plugin ${info.name} (${info.path}) refused: ${info.reason}`);
      else
        log(
          'info',
          `drift-test plugin ${info.name}@${info.version} loaded from ${info.path}: ${info.tests.map((t) => t.name).join(', ')} (worker pool)`,
        );
    }
    if (pool && !infos.some((i) => i.isolation === 'worker-pool' && i.status === 'loaded')) {
      await pool.close();
      runner = null;
    }
    return new PluginHost(infos, registry, builtIns, runner, settings);
  }

  /** Every plugin found: the built-in first, then in discovery order, refused ones included. */
  list(): PluginInfo[] {
    return this.infos.map((i) => ({ ...i, tests: i.tests.map((t) => ({ ...t })) }));
  }

  /** Where a test runs, or undefined if none of that name is installed. */
  /** A drift report with every test where it runs: built-ins here, plugins' in the pool. */
  computeDrift(input: ComputeDriftInput): Promise<DriftReport> {
    return computeDriftAsync(
      input,
      this.registry,
      (test) => this.where(test) === 'worker-pool',
      async (test, reference, current, params, threshold) => {
        const r = await this.runner.run(test, reference, current, params, { threshold });
        return isDriftRunError(r) ? { error: r.error } : r;
      },
    );
  }

  where(testName: string): Isolation | undefined {
    if (this.pooled?.has(testName)) return 'worker-pool';
    return this.builtIns.get(testName) ? 'in-process' : undefined;
  }

  /** The worker pool, when a third-party plugin is loaded. */
  get pool(): PluginPool | null {
    return this.pooled?.pool ?? null;
  }

  /** Stops the worker pool (Nest calls this when the service stops). */
  async close(): Promise<void> {
    await this.pooled?.pool.close();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}

/** Loads one checked plugin: first in a worker (which may die), then in this thread. */
async function load(
  checked: CheckedPlugin,
  registry: DriftTestRegistry,
  runner: WorkerPoolRunner,
  pool: PluginPool,
  loaded: readonly PluginInfo[],
): Promise<PluginInfo> {
  const exportName = checked.manifest.export;
  const refuse = (reason: string) => refusedInfo(checked, reason);
  const relativeEntry = path.relative(checked.dir, checked.entry);

  // 1. In a worker: a plugin that throws, hangs or exits while loading costs a worker, not the service.
  try {
    await pool.describe(checked.entry, exportName, `loading ${relativeEntry} in a worker`);
  } catch (error) {
    return refuse(error instanceof PoolCallError ? error.error : describeThrown(error));
  }

  // 2. In this thread, for the params schemas and the metadata.
  let plugin: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(checked.entry) as Record<string, unknown> | null;
    plugin = mod?.[exportName];
  } catch (error) {
    return refuse(`loading ${relativeEntry} failed: ${describeThrown(error)}`);
  }
  const problem = pluginProblem(plugin, exportName);
  if (problem) return refuse(problem);
  const p = plugin as Plugin;
  if (p.apiVersion !== checked.manifest.apiVersion || p.apiVersion !== SDK_API_VERSION)
    return refuse(
      `the plugin declares apiVersion ${p.apiVersion}, its manifest ${checked.manifest.apiVersion}`,
    );
  if (p.name !== checked.name)
    return refuse(`the plugin is named '${p.name}', its package '${checked.name}'`);
  const twin = loaded.find((i) => i.status === 'loaded' && i.name === p.name);
  if (twin)
    return refuse(
      twin.source.kind === 'built-in'
        ? `${p.name} is built in`
        : `${p.name} is already loaded from ${twin.path}`,
    );
  const clashes = p.tests.filter((t) => registry.get(t.name));
  if (clashes.length > 0)
    return refuse(
      `drift test names already taken: ${clashes.map((t) => `'${t.name}' (${registry.get(t.name)!.plugin.name})`).join(', ')}`,
    );

  registry.register({
    ...p,
    tests: p.tests.map((t) => pooledStandIn(t, p.name)),
  });
  for (const t of p.tests)
    runner.add(t.name, {
      entry: checked.entry,
      export: exportName,
      defaultThreshold: t.defaultThreshold,
    });
  return {
    name: p.name,
    version: p.version,
    source: checked.source,
    path: checked.dir,
    status: 'loaded',
    reason: null,
    isolation: 'worker-pool',
    sdk: checked.sdk,
    tests: p.tests.map(testInfo),
  };
}
