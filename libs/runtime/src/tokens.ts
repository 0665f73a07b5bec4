/** Nest injection token for the process's Prometheus metrics (defined with the other ports). */
export { METRICS } from '@sextant/api';
