export { stattestsPlugin } from './plugin';
export { chooseTest } from './choose';
export type { TestChoice } from './choose';
export {
  psiTest,
  klDivTest,
  jensenShannonTest,
  hellingerTest,
  tvdTest,
  classifyPsi,
} from './tests/binned';
export type { PsiLevel } from './tests/binned';
export {
  ksTest,
  wassersteinTest,
  andersonTest,
  cramerVonMisesTest,
  energyDistanceTest,
  empiricalMmdTest,
} from './tests/numeric';
export { chiSquareTest, zTest, gTest, fisherExactTest } from './tests/categorical';
