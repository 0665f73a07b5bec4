import { runConformance } from '@sextant/plugin-sdk/testing';
import { stattestsPlugin } from './plugin';

runConformance(stattestsPlugin, {
  badParams: {
    psi: [{ bins: 1 }, { bins: 2.5 }, { bins: 'ten' }],
    kl_div: [{ bins: 0 }],
    jensenshannon: [{ bins: -3 }],
    hellinger: [{ bins: 1e9 }],
    ks: [{ method: 'fast' }],
    cramer_von_mises: [{ method: 'asymp' }],
    empirical_mmd: [
      { permutations: 0 },
      { permutations: 2.5 },
      { seed: -1 },
      { maxSamples: 5 },
      { maxSamples: 1e6 },
    ],
  },
});
