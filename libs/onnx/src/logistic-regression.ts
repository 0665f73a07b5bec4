import {
  OPSET_AI_ONNX,
  attrInt,
  buildModel,
  floatTensor,
  int64Tensor,
  node,
  stringTensor,
  tensorValueInfo,
} from './builder';
import { checkClassLabels, checkFeatureNames, invalidOption } from './invalid';
import { DataType } from './proto';

/**
 * How class scores become probabilities: `softmax` (multinomial) or `ovr` (one-vs-rest: a sigmoid
 * per class, normalised to sum to one, as scikit-learn's OvR `predict_proba`).
 */
export type LogisticNormalisation = 'softmax' | 'ovr';

/** Parameters of a fitted linear classifier: score_c(x) = weights[c]·x + intercepts[c]. */
export interface LogisticRegressionParams {
  /** classes × features. */
  readonly weights: readonly (readonly number[])[];
  /** One per class. */
  readonly intercepts: readonly number[];
  /** The label of each class, in the order of `weights`' rows. */
  readonly classLabels: readonly number[] | readonly string[];
  readonly featureNames?: readonly string[];
  /** Defaults to `softmax`. */
  readonly normalisation?: LogisticNormalisation;
}

/**
 * Writes a logistic regression as an ONNX model in standard ops (Gemm, Softmax or Sigmoid and a
 * normalisation, ArgMax, Gather). Input `input` float [N, k]; outputs `label` (int64 or string [N])
 * and `probabilities` float [N, classes], as skl2onnx names them.
 */
export function logisticRegressionModel(params: LogisticRegressionParams): Uint8Array {
  const { weights, intercepts, classLabels } = params;
  const classCount = classLabels.length;
  checkClassLabels(classLabels);
  if (weights.length !== classCount) {
    throw invalidOption(
      'weights',
      `expected one row per class (${classCount}), got ${weights.length}`,
    );
  }
  const featureCount = weights[0]?.length ?? 0;
  if (featureCount === 0) throw invalidOption('weights', 'rows must not be empty');
  weights.forEach((row, c) => {
    if (row.length !== featureCount) {
      throw invalidOption(`weights.${c}`, `expected ${featureCount} values, got ${row.length}`);
    }
    if (!row.every(Number.isFinite)) throw invalidOption(`weights.${c}`, 'values must be finite');
  });
  if (intercepts.length !== classCount || !intercepts.every(Number.isFinite)) {
    throw invalidOption('intercepts', `expected ${classCount} finite values`);
  }
  const featureNames = checkFeatureNames(params.featureNames, featureCount);
  const normalisation = params.normalisation ?? 'softmax';

  // Gemm computes input [N, k] × coef [k, C] + intercept [C].
  const coef: number[] = [];
  for (let f = 0; f < featureCount; f++) {
    for (let c = 0; c < classCount; c++) coef.push(weights[c]?.[f] ?? 0);
  }
  const stringLabels = typeof classLabels[0] === 'string';
  const initializers = [
    floatTensor('coef', [featureCount, classCount], coef),
    floatTensor('intercept', [classCount], intercepts),
    stringLabels
      ? stringTensor('classes', [classCount], classLabels as readonly string[])
      : int64Tensor('classes', [classCount], classLabels as readonly number[]),
  ];
  const nodes = [node('Gemm', ['input', 'coef', 'intercept'], ['scores'])];
  if (normalisation === 'softmax') {
    nodes.push(node('Softmax', ['scores'], ['probabilities'], [attrInt('axis', 1)]));
  } else {
    initializers.push(int64Tensor('sum_axes', [1], [1]));
    nodes.push(
      node('Sigmoid', ['scores'], ['ovr_scores']),
      node('ReduceSum', ['ovr_scores', 'sum_axes'], ['ovr_sum'], [attrInt('keepdims', 1)]),
      node('Div', ['ovr_scores', 'ovr_sum'], ['probabilities']),
    );
  }
  nodes.push(
    node(
      'ArgMax',
      ['probabilities'],
      ['class_index'],
      [attrInt('axis', 1), attrInt('keepdims', 0)],
    ),
    node('Gather', ['classes', 'class_index'], ['label'], [attrInt('axis', 0)]),
  );
  return buildModel({
    graphName: 'logistic_regression',
    nodes,
    initializers,
    inputs: [tensorValueInfo('input', DataType.FLOAT, ['N', featureCount])],
    outputs: [
      tensorValueInfo('label', stringLabels ? DataType.STRING : DataType.INT64, ['N']),
      tensorValueInfo('probabilities', DataType.FLOAT, ['N', classCount]),
    ],
    opsets: [{ domain: '', version: OPSET_AI_ONNX }],
    featureNames,
  });
}

/** The parts of a fitted `ml-logistic-regression` (v2) model the converter reads. */
export interface MlLogisticRegressionLike {
  readonly numberClasses: number;
  readonly classifiers: readonly { readonly weights: { to1DArray(): number[] } | null }[];
}

/**
 * Converts a fitted `ml-logistic-regression` model. That library trains one-vs-rest classifiers
 * without an intercept, where classifier c scores P(not c) = sigmoid(w_c·x), and predicts the class
 * with the lowest score; so class c's one-vs-rest score is sigmoid(-w_c·x), the labels are
 * 0..classes-1, and `probabilities` are those scores normalised (the library itself exposes only
 * the raw per-classifier scores, `classifiers[c].testScores(X)`).
 */
export function fromMlLogisticRegression(
  model: MlLogisticRegressionLike,
  options: { featureNames?: readonly string[] } = {},
): Uint8Array {
  const classCount = model.numberClasses;
  if (classCount < 2 || model.classifiers.length !== classCount) {
    throw invalidOption('model', 'expected a fitted model with at least two classes');
  }
  const weights = model.classifiers.map((classifier, c) => {
    if (!classifier.weights) throw invalidOption(`model.classifiers.${c}`, 'not trained');
    return classifier.weights.to1DArray().map((w) => -w);
  });
  return logisticRegressionModel({
    weights,
    intercepts: new Array<number>(classCount).fill(0),
    classLabels: Array.from({ length: classCount }, (_, c) => c),
    normalisation: 'ovr',
    ...(options.featureNames ? { featureNames: options.featureNames } : {}),
  });
}
