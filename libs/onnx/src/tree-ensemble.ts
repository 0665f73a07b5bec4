import {
  OPSET_AI_ONNX,
  OPSET_AI_ONNX_ML,
  attrFloats,
  attrInt,
  attrInts,
  attrString,
  attrStrings,
  attrTensor,
  buildModel,
  doubleTensor,
  int64Tensor,
  node,
  stringTensor,
  tensorValueInfo,
  type Tensor,
} from './builder';
import { checkClassLabels, checkFeatureNames, invalidOption } from './invalid';
import { DataType } from './proto';

/** A binary decision tree: a split sends a row left when its test holds, else right. */
export type DecisionTree<Leaf> =
  | {
      readonly kind: 'split';
      /** Global input column index. */
      readonly feature: number;
      readonly threshold: number;
      readonly left: DecisionTree<Leaf>;
      readonly right: DecisionTree<Leaf>;
    }
  | { readonly kind: 'leaf'; readonly value: Leaf };

/**
 * The test at every split: `BRANCH_LT` goes left when x < threshold, `BRANCH_LEQ` when x <= threshold.
 */
export type BranchMode = 'BRANCH_LT' | 'BRANCH_LEQ';

/**
 * The input tensor's element type. With `float32` (skl2onnx's convention) thresholds are rounded
 * to float32 in the direction that keeps every split exact for float32 inputs, but a float64 value
 * within float32 precision of a threshold may fall on the other side than in a float64 model (the
 * float32 input cannot tell 7.3 from 7.300000000000001). With `float64` the thresholds are stored as
 * doubles (`nodes_values_as_tensor`) and splits are exact; outputs stay float32.
 */
export type TreeInputType = 'float32' | 'float64';

/** A tree ensemble classifier: each leaf adds its weights to the class scores. */
export interface TreeEnsembleClassifierParams {
  /** Leaf value: one weight per class, summed over the trees into `probabilities`. */
  readonly trees: readonly DecisionTree<readonly number[]>[];
  readonly featureCount: number;
  readonly classLabels: readonly number[] | readonly string[];
  readonly featureNames?: readonly string[];
  /** Defaults to `BRANCH_LT`. */
  readonly branchMode?: BranchMode;
  /** Defaults to `float32`. */
  readonly inputType?: TreeInputType;
}

/** A tree ensemble regressor: the prediction aggregates the leaf values of the trees. */
export interface TreeEnsembleRegressorParams {
  readonly trees: readonly DecisionTree<number>[];
  readonly featureCount: number;
  readonly featureNames?: readonly string[];
  /** Defaults to `BRANCH_LT`. */
  readonly branchMode?: BranchMode;
  /** Defaults to `AVERAGE`. */
  readonly aggregate?: 'AVERAGE' | 'SUM';
  /** Defaults to `float32`. */
  readonly inputType?: TreeInputType;
}

interface FlatNodes<Leaf> {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  values: number[];
  modes: string[];
  trueIds: number[];
  falseIds: number[];
  leaves: { treeId: number; nodeId: number; value: Leaf }[];
}

/** Numbers the nodes of each tree in pre-order and lays them out as TreeEnsemble attributes. */
function flatten<Leaf>(
  trees: readonly DecisionTree<Leaf>[],
  featureCount: number,
  branchMode: BranchMode,
): FlatNodes<Leaf> {
  if (trees.length === 0) throw invalidOption('trees', 'at least one tree is needed');
  if (!Number.isInteger(featureCount) || featureCount < 1) {
    throw invalidOption('featureCount', 'must be a positive integer');
  }
  const flat: FlatNodes<Leaf> = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    values: [],
    modes: [],
    trueIds: [],
    falseIds: [],
    leaves: [],
  };
  trees.forEach((tree, treeId) => {
    let next = 0;
    const visit = (current: DecisionTree<Leaf>): number => {
      const nodeId = next++;
      const at = flat.nodeIds.length;
      flat.treeIds.push(treeId);
      flat.nodeIds.push(nodeId);
      if (current.kind === 'leaf') {
        flat.featureIds.push(0);
        flat.values.push(0);
        flat.modes.push('LEAF');
        flat.trueIds.push(0);
        flat.falseIds.push(0);
        flat.leaves.push({ treeId, nodeId, value: current.value });
        return nodeId;
      }
      if (!Number.isInteger(current.feature) || current.feature < 0) {
        throw invalidOption(`trees.${treeId}`, `split on invalid feature ${current.feature}`);
      }
      if (current.feature >= featureCount) {
        throw invalidOption(
          `trees.${treeId}`,
          `split on feature ${current.feature}, but there are ${featureCount} features`,
        );
      }
      if (!Number.isFinite(current.threshold)) {
        throw invalidOption(`trees.${treeId}`, 'split thresholds must be finite');
      }
      flat.featureIds.push(current.feature);
      flat.values.push(current.threshold);
      flat.modes.push(branchMode);
      flat.trueIds.push(0);
      flat.falseIds.push(0);
      const trueId = visit(current.left);
      const falseId = visit(current.right);
      flat.trueIds[at] = trueId;
      flat.falseIds[at] = falseId;
      return nodeId;
    };
    visit(tree);
  });
  return flat;
}

const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);

/** The next float32 after `f` towards +infinity (up) or -infinity (down); `f` is a float32. */
function nextFloat32(f: number, up: boolean): number {
  if (f === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  f32[0] = f;
  bits[0] = (bits[0] ?? 0) + (f > 0 === up ? 1 : -1);
  return f32[0] ?? f;
}

/**
 * The float32 threshold T with `x < T` iff `x < t` (BRANCH_LT: T = smallest float32 >= t), or
 * `x <= T` iff `x <= t` (BRANCH_LEQ: T = largest float32 <= t), for every float32 x.
 */
export function float32Threshold(t: number, mode: BranchMode): number {
  const f = Math.fround(t);
  if (mode === 'BRANCH_LT') return f < t ? nextFloat32(f, true) : f;
  return f > t ? nextFloat32(f, false) : f;
}

function nodeAttributes<Leaf>(flat: FlatNodes<Leaf>, mode: BranchMode, inputType: TreeInputType) {
  const values = flat.values.map((t, i) =>
    flat.modes[i] === 'LEAF' ? 0 : float32Threshold(t, mode),
  );
  return [
    attrInts('nodes_treeids', flat.treeIds),
    attrInts('nodes_nodeids', flat.nodeIds),
    attrInts('nodes_featureids', flat.featureIds),
    inputType === 'float64'
      ? attrTensor('nodes_values_as_tensor', doubleTensor('', [flat.values.length], flat.values))
      : attrFloats('nodes_values', values),
    attrStrings('nodes_modes', flat.modes),
    attrInts('nodes_truenodeids', flat.trueIds),
    attrInts('nodes_falsenodeids', flat.falseIds),
    attrString('post_transform', 'NONE'),
  ];
}

function inputElementType(inputType: TreeInputType): number {
  return inputType === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
}

/**
 * Writes an `ai.onnx.ml` TreeEnsembleClassifier. Input `input` float32 (or float64) [N, k]; outputs `label`
 * (int64 or string [N], the class with the highest summed weight, the first on a tie) and
 * `probabilities` float [N, classes] (the summed leaf weights).
 *
 * Two classes are written differently, for onnxruntime's binary special case
 * (`TreeAggregatorClassifier::FinalizeScores` in its tree_ensemble_aggregator.h): with two classes
 * it answers the label "1 if class 1's score > 0, else 0" (the literal 0/1, not the class label)
 * when both class ids carry weights, treats a single class id's weights as class 1's score (and
 * writes `[1 - s, s]` or `[0, s]`), and gives `[-s, s]` on a row where class 1 got no weight. So
 * every leaf carries both class weights, zeros included, which makes the probabilities the plain
 * sums, and the label is `ArgMax` (first index on a tie) + `Gather` of the labels, as in the
 * logistic regression writer.
 */
export function treeEnsembleClassifierModel(params: TreeEnsembleClassifierParams): Uint8Array {
  const { classLabels, featureCount } = params;
  checkClassLabels(classLabels);
  const featureNames = checkFeatureNames(params.featureNames, featureCount);
  const branchMode = params.branchMode ?? 'BRANCH_LT';
  const inputType = params.inputType ?? 'float32';
  const flat = flatten(params.trees, featureCount, branchMode);
  const binary = classLabels.length === 2;
  const classTreeIds: number[] = [];
  const classNodeIds: number[] = [];
  const classIds: number[] = [];
  const classWeights: number[] = [];
  const addWeight = (treeId: number, nodeId: number, classId: number, weight: number) => {
    classTreeIds.push(treeId);
    classNodeIds.push(nodeId);
    classIds.push(classId);
    classWeights.push(weight);
  };
  for (const leaf of flat.leaves) {
    if (leaf.value.length > classLabels.length) {
      throw invalidOption(
        `trees.${leaf.treeId}`,
        `a leaf has ${leaf.value.length} class weights, but there are ${classLabels.length} classes`,
      );
    }
    if (!leaf.value.every(Number.isFinite)) {
      throw invalidOption(`trees.${leaf.treeId}`, 'leaf weights must be finite');
    }
    if (binary) {
      addWeight(leaf.treeId, leaf.nodeId, 0, leaf.value[0] ?? 0);
      addWeight(leaf.treeId, leaf.nodeId, 1, leaf.value[1] ?? 0);
      continue;
    }
    leaf.value.forEach((weight, classId) => {
      if (weight !== 0) addWeight(leaf.treeId, leaf.nodeId, classId, weight);
    });
  }
  const stringLabels = typeof classLabels[0] === 'string';
  const classifier = node(
    'TreeEnsembleClassifier',
    ['input'],
    [binary ? 'tree_label' : 'label', 'probabilities'],
    [
      ...nodeAttributes(flat, branchMode, inputType),
      attrInts('class_treeids', classTreeIds),
      attrInts('class_nodeids', classNodeIds),
      attrInts('class_ids', classIds),
      attrFloats('class_weights', classWeights),
      stringLabels
        ? attrStrings('classlabels_strings', classLabels as readonly string[])
        : attrInts('classlabels_int64s', classLabels as readonly number[]),
    ],
    'ai.onnx.ml',
  );
  const nodes = [classifier];
  const initializers: Tensor[] = [];
  if (binary) {
    initializers.push(
      stringLabels
        ? stringTensor('classes', [2], classLabels as readonly string[])
        : int64Tensor('classes', [2], classLabels as readonly number[]),
    );
    nodes.push(
      node(
        'ArgMax',
        ['probabilities'],
        ['class_index'],
        [attrInt('axis', 1), attrInt('keepdims', 0)],
      ),
      node('Gather', ['classes', 'class_index'], ['label'], [attrInt('axis', 0)]),
    );
  }
  return buildModel({
    graphName: 'tree_ensemble_classifier',
    nodes,
    initializers,
    inputs: [tensorValueInfo('input', inputElementType(inputType), ['N', featureCount])],
    outputs: [
      tensorValueInfo('label', stringLabels ? DataType.STRING : DataType.INT64, ['N']),
      tensorValueInfo('probabilities', DataType.FLOAT, ['N', classLabels.length]),
    ],
    opsets: [
      { domain: '', version: OPSET_AI_ONNX },
      { domain: 'ai.onnx.ml', version: OPSET_AI_ONNX_ML },
    ],
    featureNames,
  });
}

/**
 * Writes an `ai.onnx.ml` TreeEnsembleRegressor with one target. Input `input` float32 (or float64) [N, k];
 * output `variable` float [N, 1] (skl2onnx's name), the average (or sum) of the trees' leaf values.
 */
export function treeEnsembleRegressorModel(params: TreeEnsembleRegressorParams): Uint8Array {
  const { featureCount } = params;
  const featureNames = checkFeatureNames(params.featureNames, featureCount);
  const branchMode = params.branchMode ?? 'BRANCH_LT';
  const inputType = params.inputType ?? 'float32';
  const flat = flatten(params.trees, featureCount, branchMode);
  for (const leaf of flat.leaves) {
    if (!Number.isFinite(leaf.value)) {
      throw invalidOption(`trees.${leaf.treeId}`, 'leaf values must be finite');
    }
  }
  const regressor = node(
    'TreeEnsembleRegressor',
    ['input'],
    ['variable'],
    [
      ...nodeAttributes(flat, branchMode, inputType),
      attrInt('n_targets', 1),
      attrString('aggregate_function', params.aggregate ?? 'AVERAGE'),
      attrInts(
        'target_treeids',
        flat.leaves.map((l) => l.treeId),
      ),
      attrInts(
        'target_nodeids',
        flat.leaves.map((l) => l.nodeId),
      ),
      attrInts(
        'target_ids',
        flat.leaves.map(() => 0),
      ),
      attrFloats(
        'target_weights',
        flat.leaves.map((l) => l.value),
      ),
    ],
    'ai.onnx.ml',
  );
  return buildModel({
    graphName: 'tree_ensemble_regressor',
    nodes: [regressor],
    inputs: [tensorValueInfo('input', inputElementType(inputType), ['N', featureCount])],
    outputs: [tensorValueInfo('variable', DataType.FLOAT, ['N', 1])],
    opsets: [
      { domain: '', version: OPSET_AI_ONNX },
      { domain: 'ai.onnx.ml', version: OPSET_AI_ONNX_ML },
    ],
    featureNames,
  });
}
