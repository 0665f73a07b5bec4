// ml-logistic-regression 2 ships no types; the tests use only this much of it.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: { weights: Matrix | null; testScores(features: Matrix): number[] }[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    toJSON(): unknown;
  }
}
