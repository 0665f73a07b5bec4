import { runConformance } from '@sextant/plugin-sdk/testing';
import { plugin } from './index';

runConformance(plugin, {
  badParams: { mean_shift: [{ minStd: 0 }, { minStd: -1 }, { minStd: 'small' }] },
});
