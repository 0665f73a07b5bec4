import { z } from 'zod';
import { InvalidParamsError, PluginDefinitionError, type FieldProblem } from './errors';
import {
  COLUMN_KINDS,
  SDK_API_VERSION,
  type Direction,
  type DriftCurrent,
  type DriftReference,
  type DriftResult,
  type DriftTest,
  type DriftTestDefinition,
  type Plugin,
  type PluginDefinition,
} from './types';

const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
// semver 2.0.0 (without build metadata ordering rules)
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** The decision rule of the SDK: p-value tests drift below the threshold, distances above it. */
export function isDrifted(
  direction: Direction,
  result: { statistic: number; pValue?: number },
  threshold: number,
): boolean {
  if (direction === 'p-value') return result.pValue !== undefined && result.pValue < threshold;
  return result.statistic > threshold;
}

/** Counts non-missing values of a current window (NaN for numbers, null for strings). */
export function countPresent(current: DriftCurrent): number {
  let n = 0;
  if (current instanceof Float64Array) {
    for (let i = 0; i < current.length; i++) if (current[i] === current[i]) n++;
  } else {
    for (const v of current) if (v !== null && v !== undefined) n++;
  }
  return n;
}

/** Whether a current window holds any non-missing value (stops at the first). */
function hasPresent(current: DriftCurrent): boolean {
  if (current instanceof Float64Array) {
    for (let i = 0; i < current.length; i++) if (current[i] === current[i]) return true;
    return false;
  }
  for (const v of current) if (v !== null && v !== undefined) return true;
  return false;
}

function referenceSize(reference: DriftReference): number {
  return reference.kind === 'numeric' ? reference.sorted.length : reference.total;
}

function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Defines a drift test. Checks the definition (name, semver, kinds, threshold, a params schema
 * that accepts `{}`) and returns it frozen with `parseParams` and `execute`.
 */
export function defineDriftTest<P extends z.ZodObject>(
  definition: DriftTestDefinition<P>,
): DriftTest<P> {
  const problems: FieldProblem[] = [];
  if (!NAME.test(definition.name))
    problems.push({ path: 'name', message: 'lower case letters, digits, - and _ (≤ 64)' });
  if (!SEMVER.test(definition.version))
    problems.push({ path: 'version', message: 'must be a semver version' });
  if (
    definition.supports.length === 0 ||
    definition.supports.some((k) => !COLUMN_KINDS.includes(k))
  )
    problems.push({
      path: 'supports',
      message: `a non-empty subset of ${COLUMN_KINDS.join(', ')}`,
    });
  if (!Number.isFinite(definition.defaultThreshold))
    problems.push({ path: 'defaultThreshold', message: 'must be a finite number' });
  if (definition.direction !== 'p-value' && definition.direction !== 'distance')
    problems.push({ path: 'direction', message: "must be 'p-value' or 'distance'" });
  if (!(definition.params instanceof z.ZodObject))
    problems.push({ path: 'params', message: 'must be a zod object schema' });
  else if (!definition.params.safeParse({}).success)
    problems.push({ path: 'params', message: 'every param needs a default: {} must be valid' });
  if (typeof definition.run !== 'function')
    problems.push({ path: 'run', message: 'must be a function' });
  if (problems.length > 0)
    throw new PluginDefinitionError(
      `Invalid drift test '${String(definition.name)}': ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      problems,
    );

  const parseParams = (input: unknown): z.output<P> => {
    const parsed = definition.params.safeParse(input ?? {});
    if (!parsed.success) throw new InvalidParamsError(definition.name, zodProblems(parsed.error));
    return parsed.data;
  };

  const execute = (
    reference: DriftReference,
    current: DriftCurrent,
    params?: unknown,
    threshold?: number,
  ): DriftResult => {
    const p = parseParams(params);
    const t = threshold ?? definition.defaultThreshold;
    if (referenceSize(reference) === 0)
      return {
        statistic: NaN,
        threshold: t,
        drifted: false,
        details: { reason: 'empty-reference' },
      };
    if (!hasPresent(current))
      return { statistic: NaN, threshold: t, drifted: false, details: { reason: 'empty-current' } };
    return definition.run(reference, current, p, t);
  };

  return Object.freeze({
    ...definition,
    supports: Object.freeze([...definition.supports]),
    parseParams,
    execute,
  });
}

/** Defines a plugin: checks name, semver, apiVersion === SDK_API_VERSION and unique test names. */
export function definePlugin(definition: PluginDefinition): Plugin {
  const problems: FieldProblem[] = [];
  if (!PACKAGE_NAME.test(definition.name))
    problems.push({ path: 'name', message: 'must be an npm package name' });
  if (!SEMVER.test(definition.version))
    problems.push({ path: 'version', message: 'must be a semver version' });
  if (definition.apiVersion !== SDK_API_VERSION)
    problems.push({
      path: 'apiVersion',
      message: `this SDK implements apiVersion ${SDK_API_VERSION}, not ${String(definition.apiVersion)}`,
    });
  if (definition.tests.length === 0)
    problems.push({ path: 'tests', message: 'a plugin needs at least one test' });
  const seen = new Set<string>();
  definition.tests.forEach((t, i) => {
    if (seen.has(t.name))
      problems.push({ path: `tests.${i}`, message: `duplicate test '${t.name}'` });
    seen.add(t.name);
  });
  if (problems.length > 0)
    throw new PluginDefinitionError(
      `Invalid plugin '${definition.name}': ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      problems,
    );
  const byName = new Map(definition.tests.map((t) => [t.name, t]));
  return Object.freeze({
    ...definition,
    tests: Object.freeze([...definition.tests]),
    getTest: (name: string) => byName.get(name),
  });
}
