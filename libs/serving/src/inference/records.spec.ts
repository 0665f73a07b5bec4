import { readSignature } from '@sextant/onnx';
import { Tensor } from 'onnxruntime-node';

import {
  CREDIT_FEATURES,
  creditModel,
  failure,
  fixture,
  float64TreeModel,
} from '../../test/fixtures/models';
import { LOGGED_ROW_ELEMENTS, feedsToRecords, recordLayout, recordsToFeeds } from './records';
import { type SignatureLike } from './tensors';

const credit = readSignature(creditModel());
const unnamed = readSignature(creditModel({ featureNames: false }));
const titanic = readSignature(fixture('skl2onnx-titanic-pipeline.onnx'));
const applicant = { income: 52000, debt: 18000, age: 37, history_score: 0.62 };

function refusal(body: unknown, signature: SignatureLike = credit, maxBatch?: number): string {
  const error = failure(() =>
    recordsToFeeds(body, signature, null, maxBatch === undefined ? {} : { maxBatch }),
  );
  expect(error.code).toBe('BAD_REQUEST');
  return error.message;
}

describe('recordLayout', () => {
  it('maps the named columns of a single 2-D input', () => {
    expect(recordLayout(credit)).toEqual({
      kind: 'columns',
      input: 'input',
      elementType: 'float32',
      features: CREDIT_FEATURES,
      batchSize: null,
    });
    // The version's registered names win over the file's (and name a file without any).
    expect(recordLayout(unnamed, ['a', 'b', 'c', 'd'])).toMatchObject({
      features: ['a', 'b', 'c', 'd'],
    });
  });

  it('maps one named input per feature', () => {
    expect(recordLayout(titanic)).toEqual({
      kind: 'inputs',
      inputs: [
        { feature: 'pclass', elementType: 'int64', rank: 2 },
        { feature: 'sex', elementType: 'string', rank: 2 },
        { feature: 'age', elementType: 'float32', rank: 2 },
        { feature: 'fare', elementType: 'float32', rank: 2 },
        { feature: 'embarked', elementType: 'string', rank: 2 },
      ],
      batchSize: null,
    });
  });

  it('refuses a model records cannot fill, saying why', () => {
    expect(failure(() => recordLayout(unnamed)).message).toBe(
      "records cannot be mapped onto the model: its input 'input' [N, 4] has no feature names: register the version with the names of its columns; use POST /v2/models/{name}/infer",
    );
    const wrongCount = failure(() => recordLayout(credit, ['income', 'debt']));
    expect(wrongCount.message).toMatch(
      /has 4 columns, but 2 feature names are given \(income, debt\)/,
    );
    expect(wrongCount.fields[0]?.path).toBe('featureNames');
    const image: SignatureLike = {
      inputs: [
        { name: 'pixels', elementType: 'float32', shape: ['N', 28, 28] },
        { name: 'scale', elementType: 'float32', shape: ['N'] },
      ],
      outputs: [],
    };
    expect(failure(() => recordLayout(image)).message).toMatch(
      /its input 'pixels' has shape \[N, 28, 28\]; records need a single \[N, k\] input with feature names, or inputs of shape \[N\] or \[N, 1\]/,
    );
  });
});

describe('recordsToFeeds', () => {
  it('takes one record, an array, or {"instances": [...]}, in the columns order', () => {
    const reordered = { history_score: 0.62, age: 37, debt: 18000, income: 52000 };
    const one = recordsToFeeds(reordered, credit);
    expect(one.count).toBe(1);
    expect(one.feeds['input']?.dims).toEqual([1, 4]);
    expect(Array.from(one.feeds['input']!.data as Float32Array)).toEqual(
      [52000, 18000, 37, 0.62].map(Math.fround),
    );
    const other = { income: 30000, debt: 25000, age: 25, history_score: 0.2 };
    for (const body of [[applicant, other], { instances: [applicant, other] }]) {
      const many = recordsToFeeds(body, credit);
      expect(many.count).toBe(2);
      expect(many.records).toEqual([applicant, other]);
      expect(many.feeds['input']?.dims).toEqual([2, 4]);
      expect(Array.from(many.feeds['input']!.data as Float32Array)).toEqual(
        [52000, 18000, 37, 0.62, 30000, 25000, 25, 0.2].map(Math.fround),
      );
    }
  });

  it('builds the element type of the signature: float64, and int64 and strings per input', () => {
    const tree = readSignature(float64TreeModel());
    const doubles = recordsToFeeds({ a: 7.300000000000001, b: 0 }, tree, ['a', 'b']);
    expect(doubles.feeds['input']?.type).toBe('float64');
    expect(Array.from(doubles.feeds['input']!.data as Float64Array)).toEqual([
      7.300000000000001, 0,
    ]);

    const passengers = [
      { pclass: 1, sex: 'female', age: 29, fare: 211.3, embarked: 'S' },
      { pclass: 3, sex: 'male', age: 40, fare: 7.9, embarked: 'Q' },
    ];
    const { feeds, count } = recordsToFeeds(passengers, titanic);
    expect(count).toBe(2);
    expect(feeds['pclass']?.type).toBe('int64');
    expect(feeds['pclass']?.dims).toEqual([2, 1]);
    expect(Array.from(feeds['pclass']!.data as BigInt64Array)).toEqual([1n, 3n]);
    expect(feeds['sex']?.data).toEqual(['female', 'male']);
    expect(Array.from(feeds['fare']!.data as Float32Array)).toEqual([211.3, 7.9].map(Math.fround));
  });

  it('refuses unknown and missing features, naming the record and the field', () => {
    expect(refusal({ ...applicant, colour: 'red' })).toBe(
      "colour: unknown feature (the model's features: income, debt, age, history_score)",
    );
    const { debt: _debt, ...noDebt } = applicant;
    expect(refusal([applicant, noDebt])).toBe(
      "[1].debt: missing (the model's features: income, debt, age, history_score)",
    );
    expect(refusal({ instances: [noDebt] })).toBe(
      "instances[0].debt: missing (the model's features: income, debt, age, history_score)",
    );
  });

  it('refuses values of the wrong type and non-finite numbers', () => {
    expect(refusal({ ...applicant, income: '52k' })).toBe(
      'income: expected a number, got a string ("52k")',
    );
    expect(refusal([applicant, { ...applicant, age: true }])).toBe(
      '[1].age: expected a number, got a boolean (true)',
    );
    expect(refusal([{ ...applicant, age: null }])).toBe('[0].age: expected a number, got null');
    expect(refusal([{ ...applicant, age: { years: 37 } }])).toBe(
      '[0].age: expected a number, got an object',
    );
    expect(refusal([{ ...applicant, age: [37] }])).toBe('[0].age: expected a number, got an array');
    expect(refusal({ ...applicant, debt: NaN })).toBe('debt: expected a finite number, got NaN');
    expect(refusal({ ...applicant, debt: -Infinity })).toBe(
      'debt: expected a finite number, got -Infinity',
    );
    const passenger = { pclass: 1.5, sex: 'female', age: 29, fare: 211.3, embarked: 3 };
    expect(refusal(passenger, titanic)).toBe(
      'pclass: expected an integer, got 1.5; embarked: expected a string, got 3',
    );
  });

  it('lists every problem in the fields, the first five in the message', () => {
    const bad = Array.from({ length: 8 }, () => ({ ...applicant, income: 'x' }));
    const error = failure(() => recordsToFeeds(bad, credit));
    expect(error.fields).toHaveLength(8);
    expect(error.fields[7]).toEqual({
      path: '[7].income',
      message: 'expected a number, got a string ("x")',
    });
    expect(error.message).toMatch(/^\[0\]\.income: .*; \[4\]\.income: [^;]* \(and 3 more\)$/);
  });

  it('refuses an empty batch, too many records, and bodies that are not records', () => {
    expect(refusal([])).toBe('the batch is empty: expected at least one record');
    expect(refusal({ instances: [] })).toBe(
      'instances: the batch is empty: expected at least one record',
    );
    expect(refusal([applicant, applicant, applicant, applicant], credit, 3)).toBe(
      '4 records, more than the limit of 3 per request',
    );
    expect(refusal(Array.from({ length: 1001 }, () => applicant))).toBe(
      '1001 records, more than the limit of 1000 per request',
    );
    expect(refusal([applicant, 7])).toBe('[1]: expected an object keyed by feature name, got 7');
    expect(refusal([[52000, 18000, 37, 0.62]])).toBe(
      '[0]: expected an object keyed by feature name, got an array',
    );
    expect(refusal('income=52000')).toMatch(
      /^expected a record \(an object keyed by feature name\), an array of records, or \{"instances": \[\.\.\.\]\}, got a string/,
    );
    expect(refusal({ instances: applicant })).toBe(
      'instances: expected an array of records, got an object',
    );
    expect(refusal({ instances: [applicant], model: 'x' })).toMatch(
      /^model: unexpected beside "instances"/,
    );
  });

  it('holds a model with a fixed batch size to it', () => {
    const fixed: SignatureLike = {
      inputs: [{ name: 'input', elementType: 'float32', shape: [1, 2] }],
      outputs: [],
    };
    const error = failure(() =>
      recordsToFeeds(
        [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
        fixed,
        ['a', 'b'],
      ),
    );
    expect(error.message).toBe('the model takes exactly 1 record per request, got 2');
    expect(recordsToFeeds({ a: 1, b: 2 }, fixed, ['a', 'b']).feeds['input']?.dims).toEqual([1, 2]);
  });
});

describe('feedsToRecords (the prediction log of an infer request)', () => {
  it('gives back the records recordsToFeeds took, for both layouts', () => {
    const applicants = [
      { income: 52000, debt: 18000, age: 37, history_score: 0.5 },
      { income: 61000, debt: 40000, age: 52, history_score: 0.25 },
    ];
    const one = recordsToFeeds(applicants, credit);
    expect(feedsToRecords(one.feeds, credit, undefined, 2)).toEqual(applicants);
    const passengers = [
      { pclass: 1, sex: 'female', age: 29, fare: 211.5, embarked: 'S' },
      { pclass: 3, sex: 'male', age: 40, fare: 7.75, embarked: 'Q' },
    ];
    const two = recordsToFeeds(passengers, titanic);
    expect(feedsToRecords(two.feeds, titanic, undefined, 2)).toEqual(passengers);
  });

  it('keys a model that takes no records by input name, leaving out rows too large to log', () => {
    const image: SignatureLike = {
      inputs: [
        { name: 'pixels', elementType: 'float32', shape: ['N', 28, 28] },
        { name: 'offset', elementType: 'float32', shape: ['N', 2] },
        { name: 'scale', elementType: 'float32', shape: ['N'] },
      ],
      outputs: [],
    };
    const feeds = {
      pixels: new Tensor('float32', new Float32Array(2 * 28 * 28), [2, 28, 28]),
      offset: new Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]),
      scale: new Tensor('float32', Float32Array.from([0.5, 2]), [2]),
    };
    expect(28 * 28).toBeGreaterThan(LOGGED_ROW_ELEMENTS);
    expect(feedsToRecords(feeds, image, undefined, 2)).toEqual([
      { offset: [1, 2], scale: 0.5 },
      { offset: [3, 4], scale: 2 },
    ]);
  });
});
