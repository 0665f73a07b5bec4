/** Nest injection tokens for the ports a host provides to every module it hosts. */
export const DATABASE = 'sextant:database';
export const EVENT_BUS = 'sextant:event-bus';
export const CLOCK = 'sextant:clock';
export const ARTIFACT_STORE = 'sextant:artifact-store';

/** The clock identity code needs (the Clock port of @sextant/ports satisfies it). */
export interface NowClock {
  now(): Date;
}
/** The process's Prometheus metrics (`Metrics` of @sextant/observability): domains add theirs. */
export const METRICS = 'sextant:metrics';
