// tracking's events are cross-domain contracts: defined in @sextant/contracts (serving and
// monitoring consume them without importing this lib).
export {
  aliasMoved,
  datasetVersionCreated,
  gateEvaluated,
  modelVersionRegistered,
  runFinished,
} from '@sextant/contracts';
