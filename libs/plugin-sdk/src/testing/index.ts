/**
 * The conformance kit of `@sextant/plugin-sdk`: `runConformance(plugin)` in a plugin's jest spec,
 * `conformanceCases` for other runners, and the seeded samplers the kit draws its data with.
 *
 * @packageDocumentation
 */

export { conformanceCases, runConformance } from './conformance';
export type { ConformanceCase, ConformanceOptions } from './conformance';
export { mulberry32, normalSample, categoricalSample } from './random';
