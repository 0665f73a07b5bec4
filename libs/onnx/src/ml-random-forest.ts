import { invalidOption } from './invalid';
import {
  type DecisionTree,
  type TreeInputType,
  treeEnsembleClassifierModel,
  treeEnsembleRegressorModel,
} from './tree-ensemble';

/** A fitted `ml-random-forest` (v2) model: anything whose `toJSON()` gives its saved form. */
export interface MlRandomForestLike {
  toJSON(): unknown;
  /** Set by `train` (not saved by `toJSON`): the number of input columns. */
  readonly numberFeatures?: number;
}

/** Options for the `ml-random-forest` converters. */
export interface MlRandomForestOptions {
  readonly featureNames?: readonly string[];
  /** Number of input columns; defaults to `featureNames.length`, then to the model's own count. */
  readonly featureCount?: number;
  /**
   * Defaults to `float64`: ml-cart compares float64 values with float64 thresholds, which only a
   * float64 input reproduces exactly (see `TreeInputType`).
   */
  readonly inputType?: TreeInputType;
}

/** Options for the classifier converter. */
export interface MlRandomForestClassifierOptions extends MlRandomForestOptions {
  /** The label of each class index the forest predicts; defaults to 0..classes-1. */
  readonly classLabels?: readonly number[] | readonly string[];
}

interface CartNode {
  readonly splitColumn?: unknown;
  readonly splitValue?: unknown;
  readonly left?: CartNode;
  readonly right?: CartNode;
  readonly distribution?: unknown;
}

interface ForestJson {
  readonly estimators: readonly { readonly root: CartNode }[];
  readonly indexes: readonly (readonly number[])[];
  readonly isClassifier: boolean;
}

/** The saved form as plain data (a live model holds ml-matrix objects; JSON flattens them). */
function forestJson(
  model: MlRandomForestLike,
  kind: 'RFClassifier' | 'RFRegression',
): { base: ForestJson; selectionMethod: unknown } {
  const saved = JSON.parse(JSON.stringify(model.toJSON())) as {
    name?: unknown;
    baseModel?: Partial<ForestJson>;
    selectionMethod?: unknown;
  };
  const base = saved.baseModel;
  if (saved.name !== kind || !base || !Array.isArray(base.estimators)) {
    throw invalidOption('model', `expected a fitted ml-random-forest ${kind}`);
  }
  if (!Array.isArray(base.indexes) || base.indexes.length !== base.estimators.length) {
    throw invalidOption('model', 'the forest has no feature indexes for its trees');
  }
  return { base: base as ForestJson, selectionMethod: saved.selectionMethod };
}

function featureCountOf(
  model: MlRandomForestLike,
  base: ForestJson,
  options: MlRandomForestOptions,
): number {
  const used = Math.max(...base.indexes.flat()) + 1;
  return options.featureCount ?? options.featureNames?.length ?? model.numberFeatures ?? used;
}

/**
 * Rebuilds one ml-cart tree with global feature indexes. ml-cart sends a row left when
 * `row[splitColumn] < splitValue` (so BRANCH_LT) and treats a node without both children as a leaf;
 * the tree saw only the columns `indexes` lists, so its column i is the forest's `indexes[i]`.
 */
function convertTree<Leaf>(
  root: CartNode,
  indexes: readonly number[],
  treeIndex: number,
  leaf: (distribution: unknown) => Leaf,
): DecisionTree<Leaf> {
  const visit = (n: CartNode): DecisionTree<Leaf> => {
    if (!n.left || !n.right) return { kind: 'leaf', value: leaf(n.distribution) };
    const local = n.splitColumn;
    const feature = typeof local === 'number' ? indexes[local] : undefined;
    if (feature === undefined || typeof n.splitValue !== 'number') {
      throw invalidOption(`model.estimators.${treeIndex}`, 'a split has no column or value');
    }
    return {
      kind: 'split',
      feature,
      threshold: n.splitValue,
      left: visit(n.left),
      right: visit(n.right),
    };
  };
  return visit(root);
}

/** Index of the first largest value, as ml-matrix's `maxRowIndex`. */
function firstArgmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

/**
 * Converts a fitted `ml-random-forest` RandomForestClassifier to a TreeEnsembleClassifier that
 * reproduces its votes: each tree votes its leaf's most frequent class (weight 1/trees), so
 * `probabilities` are vote shares and `label` is the most voted class. On a tied vote ONNX takes the
 * lowest class index, while the forest's mode takes the class that reached the top count first.
 */
export function fromMlRandomForestClassifier(
  model: MlRandomForestLike,
  options: MlRandomForestClassifierOptions = {},
): Uint8Array {
  const { base } = forestJson(model, 'RFClassifier');
  const treeCount = base.estimators.length;
  let classCount = 0;
  const trees = base.estimators.map((estimator, t) =>
    convertTree(estimator.root, base.indexes[t] ?? [], t, (distribution): number[] => {
      const row = Array.isArray(distribution) ? (distribution[0] as unknown) : undefined;
      if (!Array.isArray(row) || row.length === 0 || !row.every((v) => typeof v === 'number')) {
        throw invalidOption(`model.estimators.${t}`, 'a leaf has no class distribution');
      }
      classCount = Math.max(classCount, row.length);
      const weights = new Array<number>(row.length).fill(0);
      weights[firstArgmax(row as number[])] = 1 / treeCount;
      return weights;
    }),
  );
  const classLabels = options.classLabels ?? Array.from({ length: classCount }, (_, c) => c);
  if (classLabels.length < classCount) {
    throw invalidOption('classLabels', `the forest has ${classCount} classes`);
  }
  return treeEnsembleClassifierModel({
    trees,
    featureCount: featureCountOf(model, base, options),
    classLabels,
    branchMode: 'BRANCH_LT',
    inputType: options.inputType ?? 'float64',
    ...(options.featureNames ? { featureNames: options.featureNames } : {}),
  });
}

/**
 * Converts a fitted `ml-random-forest` RandomForestRegression to a TreeEnsembleRegressor averaging
 * the trees' leaf means. Only the default `selectionMethod: 'mean'` is supported: ONNX's
 * TreeEnsembleRegressor has no median aggregate.
 */
export function fromMlRandomForestRegression(
  model: MlRandomForestLike,
  options: MlRandomForestOptions = {},
): Uint8Array {
  const { base, selectionMethod } = forestJson(model, 'RFRegression');
  if (selectionMethod !== 'mean') {
    throw invalidOption(
      'model.selectionMethod',
      `only 'mean' can be exported (TreeEnsembleRegressor has no median), got ${String(selectionMethod)}`,
    );
  }
  const trees = base.estimators.map((estimator, t) =>
    convertTree(estimator.root, base.indexes[t] ?? [], t, (distribution): number => {
      if (typeof distribution !== 'number') {
        throw invalidOption(`model.estimators.${t}`, 'a leaf has no value');
      }
      return distribution;
    }),
  );
  return treeEnsembleRegressorModel({
    trees,
    featureCount: featureCountOf(model, base, options),
    aggregate: 'AVERAGE',
    branchMode: 'BRANCH_LT',
    inputType: options.inputType ?? 'float64',
    ...(options.featureNames ? { featureNames: options.featureNames } : {}),
  });
}
