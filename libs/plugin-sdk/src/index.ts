/**
 * The drift-test plugin SDK of Sextant: `defineDriftTest`, `definePlugin` and the contract types.
 * The conformance kit is the `@sextant/plugin-sdk/testing` entry point.
 *
 * @packageDocumentation
 */

export { SDK_API_VERSION, COLUMN_KINDS } from './types';
export type {
  ColumnKind,
  Direction,
  DriftReference,
  DriftCurrent,
  DriftResult,
  DriftTestDefinition,
  DriftTest,
  PluginDefinition,
  Plugin,
  ReferenceProfile,
  CategoricalReference,
} from './types';
export { defineDriftTest, definePlugin, isDrifted, countPresent } from './define';
export { InvalidParamsError, PluginDefinitionError } from './errors';
export type { FieldProblem } from './errors';
