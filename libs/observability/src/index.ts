export { createLogger } from './logger';
export type { Logger } from './logger';
export { createMetrics } from './metrics';
export type { Metrics } from './metrics';
export { CounterChild, HistogramChild, LabelledCounter, LabelledHistogram } from './series';
