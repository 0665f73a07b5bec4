import { AppError } from '@sextant/errors';

import { fromMlRandomForestClassifier, fromMlRandomForestRegression } from './ml-random-forest';
import { decodeModel } from './proto';
import { readSignature } from './signature';

interface DecodedAttribute {
  name: string;
  ints?: number[];
  floats?: number[];
  t?: { doubleData?: number[] };
}

function attribute(bytes: Uint8Array, name: string): unknown {
  const graph = (decodeModel(bytes) as { graph: { node: { attribute: DecodedAttribute[] }[] } })
    .graph;
  const a = graph.node[0]?.attribute.find((x) => x.name === name);
  return a?.ints ?? a?.floats ?? a?.t?.doubleData;
}

/** The saved form ml-random-forest 2 writes (`toJSON()`), trimmed to what the export reads. */
function classifierJson() {
  return {
    name: 'RFClassifier',
    baseModel: {
      isClassifier: true,
      // Tree 0 saw columns [2, 0]; tree 1 column 1 twice (feature sampling with replacement).
      indexes: [
        [2, 0],
        [1, 1],
      ],
      estimators: [
        {
          name: 'DTClassifier',
          root: {
            splitColumn: 1, // local column 1 = global feature 0
            splitValue: 5.45,
            left: { distribution: [[0.2, 0.8]] },
            right: { distribution: [[0.5, 0.5]] }, // tie: ml-matrix maxRowIndex takes class 0
          },
        },
        {
          name: 'DTClassifier',
          root: {
            splitColumn: 0, // local column 0 = global feature 1
            splitValue: 3.05,
            left: { distribution: [[1]] }, // a leaf that saw only class 0
            // ml-cart keeps splitColumn on a node it did not split: still a leaf.
            right: { splitColumn: 1, splitValue: 9, distribution: [[0, 0.25, 0.75]] },
          },
        },
      ],
    },
  };
}

const forest = (json: unknown) => ({ toJSON: () => json });

describe('fromMlRandomForestClassifier', () => {
  const bytes = fromMlRandomForestClassifier(forest(classifierJson()), { featureCount: 3 });

  it('maps each tree’s columns to the global feature index', () => {
    expect(attribute(bytes, 'nodes_featureids')).toEqual([0, 0, 0, 1, 0, 0]);
    // float64 input by default: the thresholds are kept exactly.
    expect(attribute(bytes, 'nodes_values_as_tensor')).toEqual([5.45, 0, 0, 3.05, 0, 0]);
    expect(readSignature(bytes).inputs).toEqual([
      { name: 'input', elementType: 'float64', shape: ['N', 3] },
    ]);
  });

  it('gives each leaf a weight of 1/trees on its most frequent class', () => {
    expect(attribute(bytes, 'class_treeids')).toEqual([0, 0, 1, 1]);
    expect(attribute(bytes, 'class_nodeids')).toEqual([1, 2, 1, 2]);
    expect(attribute(bytes, 'class_ids')).toEqual([1, 0, 0, 2]);
    expect(attribute(bytes, 'class_weights')).toEqual([0.5, 0.5, 0.5, 0.5]);
    // Three classes: the widest leaf distribution.
    expect(attribute(bytes, 'classlabels_int64s')).toEqual([0, 1, 2]);
  });

  it('uses BRANCH_LT, as ml-cart sends x < splitValue left', () => {
    const graph = (
      decodeModel(bytes) as {
        graph: { node: { attribute: { name: string; strings?: Uint8Array[] }[] }[] };
      }
    ).graph;
    const modes = graph.node[0]?.attribute
      .find((a) => a.name === 'nodes_modes')
      ?.strings?.map((s) => new TextDecoder().decode(s));
    expect(modes).toEqual(['BRANCH_LT', 'LEAF', 'LEAF', 'BRANCH_LT', 'LEAF', 'LEAF']);
  });

  it('takes the feature count from the feature names, and class labels when given', () => {
    const named = fromMlRandomForestClassifier(forest(classifierJson()), {
      featureNames: ['a', 'b', 'c', 'd'],
      classLabels: ['x', 'y', 'z'],
    });
    const signature = readSignature(named);
    expect(signature.inputs[0]?.shape).toEqual(['N', 4]);
    expect(signature.outputs[0]?.elementType).toBe('string');
    expect(signature.featureNames).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses something that is not a fitted forest classifier', () => {
    expect(() => fromMlRandomForestClassifier(forest({ name: 'RFRegression' }))).toThrow(AppError);
    expect(() =>
      fromMlRandomForestClassifier(forest(classifierJson()), { classLabels: ['only', 'two'] }),
    ).toThrow(/the forest has 3 classes/);
  });
});

describe('fromMlRandomForestRegression', () => {
  const json = (selectionMethod: string) => ({
    name: 'RFRegression',
    selectionMethod,
    baseModel: {
      isClassifier: false,
      indexes: [[1]],
      estimators: [
        {
          name: 'DTRegression',
          root: {
            splitColumn: 0,
            splitValue: 1.5,
            left: { distribution: 0.2 },
            right: { distribution: 1.8 },
          },
        },
      ],
    },
  });

  it('averages the leaf means, splitting on the global feature', () => {
    const bytes = fromMlRandomForestRegression(forest(json('mean')), { featureCount: 2 });
    expect(attribute(bytes, 'nodes_featureids')).toEqual([1, 0, 0]);
    expect(attribute(bytes, 'target_weights')).toEqual([Math.fround(0.2), Math.fround(1.8)]);
  });

  it('refuses the median selection method', () => {
    expect(() => fromMlRandomForestRegression(forest(json('median')))).toThrow(
      /only 'mean' can be exported/,
    );
  });
});
