/**
 * The events that cross domains, defined once: the publisher and every consumer import them
 * from here (domain libs never import each other). Within a version only optional fields are
 * added; a breaking change is a new version.
 */
export {
  aliasMoved,
  datasetVersionCreated,
  gateEvaluated,
  modelVersionRegistered,
  runFinished,
} from './tracking';
export {
  PREDICTIONS_PER_MESSAGE,
  type PredictionColumns,
  type PredictionRecord,
  type PredictionRoute,
  deploymentChanged,
  labelReceived,
  predictionColumns,
  predictionRecord,
  predictionRecordsOf,
  predictionRoute,
  predictionsLogged,
  predictionsLoggedV1,
  rolledBack,
} from './serving';
export { driftDetected } from './monitoring';
