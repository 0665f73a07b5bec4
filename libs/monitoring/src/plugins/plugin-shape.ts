import { COLUMN_KINDS, type Plugin } from '@sextant/plugin-sdk';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'function' ? 'a function' : `a ${typeof value}`;
}

/** Why one test of a plugin is not a `defineDriftTest` result, or undefined if it looks like one. */
function testProblem(test: unknown, i: number): string | undefined {
  if (test === null || typeof test !== 'object') return `tests[${i}] is ${describeValue(test)}`;
  const t = test as Record<string, unknown>;
  const name = typeof t['name'] === 'string' ? `'${t['name']}'` : `tests[${i}]`;
  if (typeof t['name'] !== 'string') return `tests[${i}] has no name`;
  if (typeof t['version'] !== 'string') return `test ${name} has no version`;
  const supports = t['supports'];
  if (
    !Array.isArray(supports) ||
    supports.length === 0 ||
    supports.some((k) => !(COLUMN_KINDS as readonly unknown[]).includes(k))
  )
    return `test ${name}: supports must list column kinds (${COLUMN_KINDS.join(', ')})`;
  if (t['direction'] !== 'p-value' && t['direction'] !== 'distance')
    return `test ${name}: direction must be 'p-value' or 'distance'`;
  if (typeof t['defaultThreshold'] !== 'number' || !Number.isFinite(t['defaultThreshold']))
    return `test ${name}: defaultThreshold must be a finite number`;
  const params = t['params'] as { safeParse?: unknown } | null | undefined;
  if (typeof params?.safeParse !== 'function') return `test ${name}: params is not a zod schema`;
  for (const fn of ['parseParams', 'execute', 'run'])
    if (typeof t[fn] !== 'function')
      return `test ${name} has no ${fn}() (make it with defineDriftTest)`;
  if (!Object.isFrozen(test)) return `test ${name} was not made by defineDriftTest (not frozen)`;
  return undefined;
}

/**
 * Checks that `value` is what `definePlugin` returns: a frozen plugin with a name, a semver-ish
 * version, an apiVersion, `getTest`, and tests made by `defineDriftTest`. Structural, so that a
 * plugin built against another copy of the SDK (its own node_modules) passes as well. Returns the
 * reason when it is not one.
 */
export function pluginProblem(value: unknown, exportName: string): string | undefined {
  if (value === undefined) return `the entry has no export '${exportName}'`;
  if (value === null || typeof value !== 'object')
    return `export '${exportName}' is ${describeValue(value)}, not a plugin made by definePlugin`;
  const p = value as Record<string, unknown>;
  const notPlugin = `export '${exportName}' is not a plugin made by definePlugin`;
  if (typeof p['name'] !== 'string' || typeof p['version'] !== 'string')
    return `${notPlugin} (no name or version)`;
  if (typeof p['apiVersion'] !== 'number') return `${notPlugin} (no apiVersion)`;
  if (typeof p['getTest'] !== 'function') return `${notPlugin} (no getTest)`;
  if (!Array.isArray(p['tests']) || p['tests'].length === 0) return `${notPlugin} (no tests)`;
  if (!Object.isFrozen(value)) return `${notPlugin} (not frozen)`;
  const tests = p['tests'] as unknown[];
  for (let i = 0; i < tests.length; i++) {
    const problem = testProblem(tests[i], i);
    if (problem) return problem;
  }
  return undefined;
}

/** `pluginProblem` as a type guard. */
export function isPlugin(value: unknown, exportName = 'plugin'): value is Plugin {
  return pluginProblem(value, exportName) === undefined;
}
