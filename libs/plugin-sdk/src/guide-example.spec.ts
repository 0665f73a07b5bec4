// The complete example of docs/plugins.md, kept here so the guide's code is known to pass the kit.
import { quantileSorted, sortedCopy } from '@sextant/stats';
import { z } from 'zod';
import { SDK_API_VERSION, defineDriftTest, definePlugin, isDrifted } from './index';
import { runConformance } from './testing/index';

const medianShift = defineDriftTest({
  name: 'median-shift',
  version: '1.0.0',
  description: 'Median shift in reference IQRs',
  supports: ['numeric', 'text_length'],
  params: z.object({ minIqr: z.number().positive().default(1e-3) }),
  defaultThreshold: 0.25,
  direction: 'distance',
  run(reference, current, params, threshold) {
    if (reference.kind !== 'numeric' || !(current instanceof Float64Array))
      throw new TypeError('median-shift compares numeric columns');
    const cur = sortedCopy(current).sorted;
    const ref = reference.sorted;
    const iqr = Math.max(quantileSorted(ref, 0.75) - quantileSorted(ref, 0.25), params.minIqr);
    const statistic = Math.abs(quantileSorted(cur, 0.5) - quantileSorted(ref, 0.5)) / iqr;
    const result = { statistic, threshold, details: { iqr } };
    return { ...result, drifted: isDrifted('distance', result, threshold) };
  },
});

const plugin = definePlugin({
  name: '@acme/drift-median',
  version: '1.0.0',
  apiVersion: SDK_API_VERSION,
  tests: [medianShift],
});

runConformance(plugin, { badParams: { 'median-shift': [{ minIqr: 0 }, { minIqr: 'x' }] } });
