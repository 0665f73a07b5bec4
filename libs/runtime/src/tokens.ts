/** Nest injection token for the process's Prometheus metrics. */
export const METRICS = 'sextant:metrics';
