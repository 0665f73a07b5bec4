export {
  FEATURE_NAMES_KEY,
  IR_VERSION,
  OPSET_AI_ONNX,
  OPSET_AI_ONNX_ML,
  PRODUCER_NAME,
  PRODUCER_VERSION,
} from './builder';
export { fromMlLogisticRegression, logisticRegressionModel } from './logistic-regression';
export type {
  LogisticNormalisation,
  LogisticRegressionParams,
  MlLogisticRegressionLike,
} from './logistic-regression';
export { fromMlRandomForestClassifier, fromMlRandomForestRegression } from './ml-random-forest';
export type {
  MlRandomForestClassifierOptions,
  MlRandomForestLike,
  MlRandomForestOptions,
} from './ml-random-forest';
export { readSignature } from './signature';
export type { ModelSignature, TensorSignature } from './signature';
export {
  float32Threshold,
  treeEnsembleClassifierModel,
  treeEnsembleRegressorModel,
} from './tree-ensemble';
export type {
  BranchMode,
  DecisionTree,
  TreeEnsembleClassifierParams,
  TreeEnsembleRegressorParams,
  TreeInputType,
} from './tree-ensemble';
export { EXTERNAL_DATA_MESSAGE, runModel, validateModel } from './validate';
