import { AppError } from '@sextant/errors';

import { decodeModel } from './proto';
import { readSignature } from './signature';
import {
  type DecisionTree,
  float32Threshold,
  treeEnsembleClassifierModel,
  treeEnsembleRegressorModel,
} from './tree-ensemble';

interface DecodedAttribute {
  name: string;
  i?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
  strings?: Uint8Array[];
  t?: { dataType: number; doubleData?: number[] };
}

const text = new TextDecoder();

interface DecodedGraph {
  node: {
    opType: string;
    domain?: string;
    input: string[];
    output: string[];
    attribute: DecodedAttribute[];
  }[];
  initializer?: {
    name: string;
    dims: number[];
    int64Data?: unknown[];
    stringData?: Uint8Array[];
  }[];
}

function graphOf(bytes: Uint8Array): DecodedGraph {
  return (decodeModel(bytes) as { graph: DecodedGraph }).graph;
}

/** The attributes of the model's single `ai.onnx.ml` node, as plain values. */
function attributes(bytes: Uint8Array): Record<string, unknown> {
  const ml = graphOf(bytes).node.filter((n) => n.domain === 'ai.onnx.ml');
  const [only] = ml;
  if (!only || ml.length !== 1) throw new Error('expected one ai.onnx.ml node');
  const out: Record<string, unknown> = { opType: only.opType, domain: only.domain };
  for (const a of only.attribute) {
    out[a.name] =
      a.ints ??
      a.floats ??
      a.strings?.map((s) => text.decode(s)) ??
      (a.s ? text.decode(a.s) : undefined) ??
      a.t ??
      a.i;
  }
  return out;
}

// x1 < 2.5 → [1, 0]; else x0 < 1 → [0, 1], else [0.5, 0.5]
const tree: DecisionTree<number[]> = {
  kind: 'split',
  feature: 1,
  threshold: 2.5,
  left: { kind: 'leaf', value: [1, 0] },
  right: {
    kind: 'split',
    feature: 0,
    threshold: 1,
    left: { kind: 'leaf', value: [0, 1] },
    right: { kind: 'leaf', value: [0.5, 0.5] },
  },
};

describe('treeEnsembleClassifierModel', () => {
  const bytes = treeEnsembleClassifierModel({
    trees: [tree, { kind: 'leaf', value: [0, 0.25] }],
    featureCount: 2,
    classLabels: [3, 7],
    featureNames: ['f0', 'f1'],
  });

  it('lays the trees out in pre-order with left as the true branch', () => {
    const a = attributes(bytes);
    expect(a).toMatchObject({
      opType: 'TreeEnsembleClassifier',
      domain: 'ai.onnx.ml',
      nodes_treeids: [0, 0, 0, 0, 0, 1],
      nodes_nodeids: [0, 1, 2, 3, 4, 0],
      nodes_featureids: [1, 0, 0, 0, 0, 0],
      nodes_values: [2.5, 0, 1, 0, 0, 0],
      nodes_modes: ['BRANCH_LT', 'LEAF', 'BRANCH_LT', 'LEAF', 'LEAF', 'LEAF'],
      nodes_truenodeids: [1, 0, 3, 0, 0, 0],
      nodes_falsenodeids: [2, 0, 4, 0, 0, 0],
      post_transform: 'NONE',
      classlabels_int64s: [3, 7],
    });
  });

  it('with two classes, writes both class weights of every leaf, zeros included', () => {
    // onnxruntime's binary case needs class 1 weighted on every row and both class ids present to
    // output the plain sums (see treeEnsembleClassifierModel).
    expect(attributes(bytes)).toMatchObject({
      class_treeids: [0, 0, 0, 0, 0, 0, 1, 1],
      class_nodeids: [1, 1, 3, 3, 4, 4, 0, 0],
      class_ids: [0, 1, 0, 1, 0, 1, 0, 1],
      class_weights: [1, 0, 0, 1, 0.5, 0.5, 0, 0.25],
    });
  });

  it('with two classes, takes the label as ArgMax of the probabilities, then Gather', () => {
    const graph = graphOf(bytes);
    expect(graph.node.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['TreeEnsembleClassifier', ['input'], ['tree_label', 'probabilities']],
      ['ArgMax', ['probabilities'], ['class_index']],
      ['Gather', ['classes', 'class_index'], ['label']],
    ]);
    expect(graph.initializer).toMatchObject([{ name: 'classes', dims: [2] }]);
    expect(graph.initializer?.[0]?.int64Data?.map(Number)).toEqual([3, 7]);
  });

  it('with three or more classes, writes one class weight per non-zero leaf weight, one node', () => {
    const three = treeEnsembleClassifierModel({
      trees: [
        {
          kind: 'split',
          feature: 0,
          threshold: 1,
          left: { kind: 'leaf', value: [1, 0, 0] },
          right: { kind: 'leaf', value: [0, 0.5, 0.5] },
        },
        { kind: 'leaf', value: [0, 0, 0.25] },
      ],
      featureCount: 1,
      classLabels: [3, 7, 9],
    });
    expect(attributes(three)).toMatchObject({
      class_treeids: [0, 0, 0, 1],
      class_nodeids: [1, 2, 2, 0],
      class_ids: [0, 1, 2, 2],
      class_weights: [1, 0.5, 0.5, 0.25],
    });
    const graph = graphOf(three);
    expect(graph.node.map((n) => [n.opType, n.output])).toEqual([
      ['TreeEnsembleClassifier', ['label', 'probabilities']],
    ]);
    expect(graph.initializer ?? []).toEqual([]);
  });

  it('declares its signature with both ONNX opsets', () => {
    const signature = readSignature(bytes);
    expect(signature.inputs).toEqual([{ name: 'input', elementType: 'float32', shape: ['N', 2] }]);
    expect(signature.outputs).toEqual([
      { name: 'label', elementType: 'int64', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 2] },
    ]);
    expect(signature.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(signature.featureNames).toEqual(['f0', 'f1']);
  });

  it('stores float64 thresholds as a double tensor for a float64 input', () => {
    const doubles = treeEnsembleClassifierModel({
      trees: [{ ...tree, threshold: 7.300000000000001 }],
      featureCount: 2,
      classLabels: ['a', 'b'],
      inputType: 'float64',
    });
    const a = attributes(doubles);
    expect(a['nodes_values']).toBeUndefined();
    expect(a['nodes_values_as_tensor']).toMatchObject({
      dataType: 11,
      doubleData: [7.300000000000001, 0, 1, 0, 0],
    });
    expect(a['classlabels_strings']).toEqual(['a', 'b']);
    expect(readSignature(doubles).inputs[0]?.elementType).toBe('float64');
    expect(readSignature(doubles).outputs[0]?.elementType).toBe('string');
  });

  it('refuses a split on a column the input does not have', () => {
    const error = (() => {
      try {
        treeEnsembleClassifierModel({ trees: [tree], featureCount: 1, classLabels: [0, 1] });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/split on feature 1, but there are 1 features/);
  });
});

describe('treeEnsembleRegressorModel', () => {
  it('averages one target over the trees', () => {
    const bytes = treeEnsembleRegressorModel({
      trees: [
        {
          kind: 'split',
          feature: 0,
          threshold: 0.5,
          left: { kind: 'leaf', value: -1 },
          right: { kind: 'leaf', value: 2 },
        },
        { kind: 'leaf', value: 4 },
      ],
      featureCount: 1,
    });
    expect(attributes(bytes)).toMatchObject({
      opType: 'TreeEnsembleRegressor',
      aggregate_function: 'AVERAGE',
      n_targets: 1,
      target_treeids: [0, 0, 1],
      target_nodeids: [1, 2, 0],
      target_ids: [0, 0, 0],
      target_weights: [-1, 2, 4],
    });
    expect(readSignature(bytes).outputs).toEqual([
      { name: 'variable', elementType: 'float32', shape: ['N', 1] },
    ]);
  });
});

describe('float32Threshold', () => {
  // Reference float32 values (numpy 1.26): np.float32(0.1) = 0.100000001490116119384765625,
  // np.nextafter(np.float32(0.1), np.float32(0)) = 0.0999999940395355224609375.
  it('rounds up for BRANCH_LT and down for BRANCH_LEQ when the threshold is not a float32', () => {
    expect(float32Threshold(0.1, 'BRANCH_LT')).toBe(0.100000001490116119384765625);
    expect(float32Threshold(0.1, 'BRANCH_LEQ')).toBe(0.0999999940395355224609375);
    expect(float32Threshold(-0.1, 'BRANCH_LT')).toBe(-0.0999999940395355224609375);
    expect(float32Threshold(2.5, 'BRANCH_LT')).toBe(2.5);
  });

  it('keeps every split exact for float32 inputs near the threshold', () => {
    const below = new Float32Array(1);
    const bits = new Int32Array(below.buffer);
    for (const t of [7.300000000000001, 7.3, 0.1, -3.35, 1e-30, 123456.789]) {
      for (const mode of ['BRANCH_LT', 'BRANCH_LEQ'] as const) {
        const T = float32Threshold(t, mode);
        expect(Math.fround(T)).toBe(T);
        below[0] = Math.fround(t);
        const start = bits[0] ?? 0;
        for (let d = -3; d <= 3; d++) {
          bits[0] = start + d;
          const x = below[0] ?? NaN;
          expect([t, mode, x, mode === 'BRANCH_LT' ? x < T : x <= T]).toEqual([
            t,
            mode,
            x,
            mode === 'BRANCH_LT' ? x < t : x <= t,
          ]);
        }
      }
    }
  });
});
