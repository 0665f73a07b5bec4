'use strict';
/*
 * The piscina worker of the plugin pool: it runs third-party drift tests off the service's main
 * thread. Plain CommonJS on purpose, so that one file serves the built service (dist) and the
 * sources under jest alike: it only requires the plugin's own entry (built JavaScript), never a
 * TypeScript file. The task shapes are `PoolTask` in worker-pool.ts.
 *
 * A plugin that throws fails its call; one that never returns is terminated by piscina when the
 * call's AbortSignal fires; one that exceeds the heap limit or calls process.exit ends this
 * worker, and piscina starts another.
 */

/** Loaded plugins by `${entry}#${export}`: an entry is required once per worker. */
const loaded = new Map();

function load(entry, exportName) {
  const key = `${entry}#${exportName}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const mod = require(entry);
  const plugin = mod == null ? undefined : mod[exportName];
  if (plugin === null || typeof plugin !== 'object')
    throw new Error(`${entry} has no export '${exportName}' holding a plugin`);
  if (!Array.isArray(plugin.tests) || typeof plugin.getTest !== 'function')
    throw new Error(`export '${exportName}' of ${entry} is not a plugin made by definePlugin`);
  loaded.set(key, plugin);
  return plugin;
}

/**
 * The start-up probe: loads the entry here first, so that one which throws, hangs or exits while
 * loading costs a worker and not the service. The host checks the export itself afterwards.
 */
function describe(entry, exportName) {
  const mod = require(entry);
  const plugin = mod == null ? undefined : mod[exportName];
  return {
    exported: plugin !== undefined,
    name: plugin && typeof plugin.name === 'string' ? plugin.name : null,
    tests:
      plugin && Array.isArray(plugin.tests)
        ? plugin.tests.map((t) => (t && typeof t.name === 'string' ? t.name : null))
        : [],
  };
}

function run(task) {
  const plugin = load(task.entry, task.export);
  const test = plugin.getTest(task.test);
  if (!test || typeof test.execute !== 'function')
    throw new Error(`plugin ${String(plugin.name)} has no drift test '${task.test}'`);
  const result = test.execute(task.reference, task.current, task.params, task.threshold);
  try {
    // Checked here, where the message can still name the test: the result crosses to the host.
    return structuredClone(result);
  } catch (error) {
    throw new Error(
      `drift test '${task.test}' returned a result that cannot leave the worker (${error && error.message})`,
    );
  }
}

module.exports = function handle(task) {
  switch (task && task.op) {
    case 'describe':
      return describe(task.entry, task.export);
    case 'run':
      return run(task);
    case 'ping':
      return 'pong';
    default:
      throw new Error(`unknown task ${JSON.stringify(task && task.op)}`);
  }
};
