import { categoricalSample, normalSample } from '@sextant/plugin-sdk/testing';
import { buildCategoricalReference, buildReferenceProfile } from '@sextant/stats';
import { bhattacharyya, meanShift, plugin } from './index';

// Reference values: numpy 2.4.6 on the same samples, from test/reference_values.py
// (`python3 plugins/example-drift/test/reference_values.py`).

describe('mean_shift', () => {
  const reference = buildReferenceProfile(normalSample(11, 1000, 0, 1));
  const current = normalSample(12, 800, 0.25, 1.2);

  it('is |Δmean| in reference standard deviations, as numpy computes it', () => {
    const r = meanShift.execute(reference, current);
    expect(r.statistic).toBeCloseTo(0.2552871008721864, 12);
    expect(r.threshold).toBe(0.1);
    expect(r.drifted).toBe(true);
  });

  it('decides by the threshold it is given', () => {
    expect(meanShift.execute(reference, current, {}, 0.3).drifted).toBe(false);
  });

  it('divides by minStd when the reference is constant', () => {
    const constant = buildReferenceProfile(new Float64Array(50).fill(2));
    const r = meanShift.execute(constant, Float64Array.from([2.5, 2.5]), { minStd: 0.5 });
    expect(r.statistic).toBe(1);
  });
});

describe('bhattacharyya', () => {
  it('matches numpy on categories that differ on each side', () => {
    const reference = buildCategoricalReference(
      categoricalSample(21, 1000, ['a', 'b', 'c', 'd'], [4, 3, 2, 1]),
    );
    const current = categoricalSample(22, 700, ['a', 'b', 'c', 'e'], [3, 3, 2, 2]);
    const r = bhattacharyya.execute(reference, current);
    expect(r.statistic).toBeCloseTo(0.1518273025063156, 12);
    expect(r.drifted).toBe(true);
  });

  it('is −ln(2√0.21) for shares 7:3 against 3:7', () => {
    const reference = buildCategoricalReference([...Array(7).fill('no'), ...Array(3).fill('yes')]);
    const current = [...Array(3).fill('no'), ...Array(7).fill('yes'), null];
    expect(bhattacharyya.execute(reference, current).statistic).toBeCloseTo(
      0.08717669357238889,
      14,
    );
  });

  it('is infinite for disjoint categories', () => {
    const reference = buildCategoricalReference(['a', 'a', 'b']);
    const r = bhattacharyya.execute(reference, ['c', 'd']);
    expect(r.statistic).toBe(Infinity);
    expect(r.drifted).toBe(true);
  });
});

it('is the plugin its package.json names', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../package.json') as {
    name: string;
    version: string;
    sextant: { export: string; apiVersion: number };
  };
  expect(plugin.name).toBe(pkg.name);
  expect(plugin.version).toBe(pkg.version);
  expect(pkg.sextant).toMatchObject({ export: 'plugin', apiVersion: plugin.apiVersion });
});
