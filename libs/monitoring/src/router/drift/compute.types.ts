import { projectInput } from '@sextant/api';
import { driftReportJson, driftRequestJson } from '../../drift/drift.types';

/** `monitoring.drift.compute` input: the project, the two tables and the drift options. */
export const computeDriftInput = projectInput.extend(driftRequestJson.shape);
/** `monitoring.drift.compute` output: the report, non-finite numbers as strings. */
export const computeDriftOutput = driftReportJson;
