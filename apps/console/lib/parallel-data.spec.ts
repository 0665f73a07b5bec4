import { describe, expect, it } from '@jest/globals';
import { axisRange, parallelData } from './parallel-data';

const compare = {
  runs: [
    { id: 'a', name: 'run-a' },
    { id: 'b', name: 'run-b' },
    { id: 'c', name: 'run-c' },
  ],
  params: [
    { key: 'lr', values: ['0.1', '0.01', '1e-3'], differs: true },
    { key: 'optimizer', values: ['sgd', 'adam', null], differs: true },
    { key: 'seed', values: ['7', '7', '7'], differs: false },
  ],
  metrics: [
    { key: 'auc', values: [0.9, 'NaN' as const, 0.7] },
    { key: 'broken', values: ['NaN' as const, null, 'Infinity' as const] },
  ],
};

describe('parallelData', () => {
  it('makes an axis per differing param and per plottable metric', () => {
    const data = parallelData(compare);
    expect(data.axes).toEqual([
      { name: 'lr', source: 'param', key: 'lr', type: 'value' },
      {
        name: 'optimizer',
        source: 'param',
        key: 'optimizer',
        type: 'category',
        categories: ['adam', 'sgd'],
      },
      { name: 'auc', source: 'metric', key: 'auc', type: 'value' },
    ]);
    expect(data.names).toEqual(['run-a', 'run-b', 'run-c']);
  });

  it('puts each run’s values on the axes, null where it has none or a plot cannot place it', () => {
    expect(parallelData(compare).rows).toEqual([
      [0.1, 'sgd', 0.9],
      [0.01, 'adam', null],
      [0.001, null, 0.7],
    ]);
  });

  it('gives the range of an axis for colouring', () => {
    const data = parallelData(compare);
    expect(axisRange(data, 2)).toEqual({ min: 0.7, max: 0.9 });
    expect(axisRange(data, 1)).toBeNull();
  });
});
