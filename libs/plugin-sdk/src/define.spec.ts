import { buildReferenceProfile } from '@sextant/stats';
import { z } from 'zod';
import {
  InvalidParamsError,
  PluginDefinitionError,
  SDK_API_VERSION,
  defineDriftTest,
  definePlugin,
  isDrifted,
  type DriftTestDefinition,
} from './index';
import { conformanceCases } from './testing/index';

/** A small valid test: |mean(current) − mean(reference)| / std(reference). */
const meanShift: DriftTestDefinition<z.ZodObject<{ scale: z.ZodDefault<z.ZodNumber> }>> = {
  name: 'mean-shift',
  version: '1.0.0',
  supports: ['numeric'],
  params: z.object({ scale: z.number().positive().default(1) }),
  defaultThreshold: 0.5,
  direction: 'distance',
  run(reference, current, params, threshold) {
    if (reference.kind !== 'numeric' || !(current instanceof Float64Array))
      throw new Error('numeric only');
    let s = 0;
    let n = 0;
    for (const v of current)
      if (!Number.isNaN(v)) {
        s += v;
        n++;
      }
    const statistic =
      (params.scale * Math.abs(s / n - reference.mean)) / Math.max(reference.std, 1e-3);
    return { statistic, threshold, drifted: statistic > threshold };
  },
};

describe('defineDriftTest', () => {
  it('rejects a definition that breaks the contract, naming each problem', () => {
    try {
      defineDriftTest({ ...meanShift, name: 'Bad Name', version: '1', supports: [] });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(PluginDefinitionError);
      expect((e as PluginDefinitionError).fields.map((f) => f.path)).toEqual([
        'name',
        'version',
        'supports',
      ]);
    }
  });

  it('requires params that all have defaults', () => {
    expect(() =>
      defineDriftTest({ ...meanShift, params: z.object({ k: z.number() }) as never }),
    ).toThrow(PluginDefinitionError);
  });

  it('parses params with defaults and reports bad ones by path', () => {
    const t = defineDriftTest(meanShift);
    expect(t.parseParams({})).toEqual({ scale: 1 });
    try {
      t.parseParams({ scale: -2 });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidParamsError);
      expect((e as InvalidParamsError).fields[0]?.path).toBe('scale');
    }
  });

  it('answers empty inputs itself, with a reason, and applies the default threshold', () => {
    const t = defineDriftTest(meanShift);
    const ref = buildReferenceProfile(Float64Array.from([1, 2, 3, 4]));
    const empty = t.execute(ref, new Float64Array(0));
    expect(empty.statistic).toBeNaN();
    expect(empty).toMatchObject({
      drifted: false,
      threshold: 0.5,
      details: { reason: 'empty-current' },
    });
    const r = t.execute(ref, Float64Array.from([10, 11]));
    expect(r.threshold).toBe(0.5);
    expect(r.drifted).toBe(true);
  });
});

describe('isDrifted', () => {
  it('p-values drift below the threshold, distances above it', () => {
    expect(isDrifted('p-value', { statistic: 3, pValue: 0.01 }, 0.05)).toBe(true);
    expect(isDrifted('p-value', { statistic: 3, pValue: 0.05 }, 0.05)).toBe(false);
    expect(isDrifted('distance', { statistic: 0.2 }, 0.1)).toBe(true);
    expect(isDrifted('distance', { statistic: 0.1 }, 0.1)).toBe(false);
  });
});

describe('definePlugin', () => {
  it('checks the api version and unique test names', () => {
    const t = defineDriftTest(meanShift);
    expect(() => definePlugin({ name: 'p', version: '1.0.0', apiVersion: 2, tests: [t] })).toThrow(
      /apiVersion/,
    );
    expect(() =>
      definePlugin({ name: 'p', version: '1.0.0', apiVersion: 1, tests: [t, t] }),
    ).toThrow(/duplicate/);
    const p = definePlugin({
      name: '@acme/p',
      version: '1.0.0',
      apiVersion: SDK_API_VERSION,
      tests: [t],
    });
    expect(p.getTest('mean-shift')).toBe(t);
  });
});

describe('the conformance kit', () => {
  const failures = (plugin: ReturnType<typeof definePlugin>) =>
    conformanceCases(plugin).flatMap((c) => {
      try {
        c.check();
        return [];
      } catch (e) {
        return [`${c.name}: ${(e as Error).message}`];
      }
    });

  it('passes a well-behaved plugin', () => {
    const p = definePlugin({
      name: 'good',
      version: '1.0.0',
      apiVersion: 1,
      tests: [defineDriftTest(meanShift)],
    });
    expect(failures(p)).toEqual([]);
  });

  it('catches a test that ignores the direction', () => {
    const bad = defineDriftTest({
      ...meanShift,
      run: (...args) => {
        const r = meanShift.run(...args);
        return { ...r, drifted: r.statistic < r.threshold };
      },
    });
    const f = failures(
      definePlugin({ name: 'bad', version: '1.0.0', apiVersion: 1, tests: [bad] }),
    );
    expect(f.some((m) => m.includes("drifted must follow direction 'distance'"))).toBe(true);
  });

  it('catches a non-deterministic test', () => {
    let calls = 0;
    const flaky = defineDriftTest({
      ...meanShift,
      run: (...args) => ({ ...meanShift.run(...args), details: { call: calls++ } }),
    });
    const f = failures(
      definePlugin({ name: 'flaky', version: '1.0.0', apiVersion: 1, tests: [flaky] }),
    );
    expect(f.some((m) => m.startsWith('is deterministic'))).toBe(true);
  });

  it('catches a test that mutates its input', () => {
    const mutating = defineDriftTest({
      ...meanShift,
      run: (reference, current, params, threshold) => {
        if (current instanceof Float64Array) current.sort();
        return meanShift.run(reference, current, params, threshold);
      },
    });
    const f = failures(
      definePlugin({ name: 'mut', version: '1.0.0', apiVersion: 1, tests: [mutating] }),
    );
    expect(f.some((m) => m.includes('mutated its inputs'))).toBe(true);
  });

  it('catches a schema that accepts params the author listed as bad', () => {
    const loose = defineDriftTest({ ...meanShift, params: z.looseObject({}) as never });
    const cases = conformanceCases(
      definePlugin({ name: 'loose', version: '1.0.0', apiVersion: 1, tests: [loose] }),
      { badParams: { 'mean-shift': [{ scale: 'x' }] } },
    );
    const paramCase = cases.find((c) => c.name.startsWith('accepts {}'))!;
    expect(() => paramCase.check()).toThrow(/were accepted/);
  });
});
