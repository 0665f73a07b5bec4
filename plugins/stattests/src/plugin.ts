import { SDK_API_VERSION, definePlugin } from '@sextant/plugin-sdk';
import { hellingerTest, jensenShannonTest, klDivTest, psiTest, tvdTest } from './tests/binned';
import { chiSquareTest, fisherExactTest, gTest, zTest } from './tests/categorical';
import {
  andersonTest,
  cramerVonMisesTest,
  empiricalMmdTest,
  energyDistanceTest,
  ksTest,
  wassersteinTest,
} from './tests/numeric';

/** Sextant's built-in drift tests, with Evidently's default thresholds. */
export const stattestsPlugin = definePlugin({
  name: '@sextant/plugin-stattests',
  version: '0.2.0',
  apiVersion: SDK_API_VERSION,
  tests: [
    psiTest,
    ksTest,
    chiSquareTest,
    jensenShannonTest,
    wassersteinTest,
    klDivTest,
    hellingerTest,
    tvdTest,
    zTest,
    andersonTest,
    cramerVonMisesTest,
    energyDistanceTest,
    fisherExactTest,
    gTest,
    empiricalMmdTest,
  ],
});
