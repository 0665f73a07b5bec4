export { conformanceCases, runConformance } from './conformance';
export type { ConformanceCase, ConformanceOptions } from './conformance';
export { mulberry32, normalSample, categoricalSample } from './random';
