import type { ServiceDefinition } from '@sextant/api';
import { MonitoringModule } from './monitoring.module';
import { monitoringRouter } from './router';

export { MonitoringModule } from './monitoring.module';
export { monitoringRouter } from './router';
export type { MonitoringRouter } from './router';
export { computeDrift } from './drift/compute-drift';
export { DriftTestRegistry, builtInDriftTests } from './drift/drift-test-registry';
export type { DriftTestInfo, RegisteredDriftTest } from './drift/drift-test-registry';
export { readCsvColumns } from './drift/read-csv-columns';
export type { CsvColumns, ReadCsvOptions } from './drift/read-csv-columns';
export { driftReportToJson, driftTableFromJson, toJsonNumber } from './drift/drift-json';
export { DriftService } from './drift/drift.service';
export {
  DEFAULT_DRIFT_SHARE,
  MAX_DRIFT_COLUMNS,
  driftOptions,
  driftReportJson,
  driftRequestJson,
} from './drift/drift.types';
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
} from './drift/drift.types';

export const monitoringService: ServiceDefinition = {
  name: 'monitoring',
  module: MonitoringModule,
  router: monitoringRouter,
};
