/**
 * One-off drift reports, free of Nest and the database: what `sextant drift` needs (a host may
 * expose it as its own entry point, `@sextant/monitoring/drift`, for a faster CLI start).
 */
export { computeDrift } from './compute-drift';
export { DriftTestRegistry, builtInDriftTests } from './drift-test-registry';
export type { DriftTestInfo, RegisteredDriftTest } from './drift-test-registry';
export { readCsvColumns } from './read-csv-columns';
export type { CsvColumns, ReadCsvOptions } from './read-csv-columns';
export { driftReportToJson, driftTableFromJson, toJsonNumber } from './drift-json';
export {
  DEFAULT_DRIFT_SHARE,
  MAX_DRIFT_COLUMNS,
  driftOptions,
  driftReportJson,
  driftRequestJson,
} from './drift.types';
export type {
  ColumnDrift,
  ColumnTestSpec,
  ComputeDriftInput,
  DriftColumnValues,
  DriftOptions,
  DriftReport,
  DriftReportJson,
  DriftRequestJson,
  DriftTable,
  DriftTestOutcome,
  JsonNumber,
  TestSelection,
} from './drift.types';
