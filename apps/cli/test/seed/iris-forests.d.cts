import type { RandomForestClassifier } from 'ml-random-forest';

/** What `trainDepth` gives for one forest size. */
export interface DepthResult {
  n: number;
  /** Accuracy on each fold, in fold order. */
  scores: number[];
  /** The forest fitted on all of iris, `JSON.stringify(rf.toJSON())`. */
  model: string;
}

export function forest(nEstimators: number, maxDepth: number | 'none'): RandomForestClassifier;
export function firstTrees(
  trained: RandomForestClassifier,
  n: number,
  maxDepth: number | 'none',
): RandomForestClassifier;
export function trainDepth(
  maxDepth: number | 'none',
  folds: number[][],
  sizes: readonly number[],
): DepthResult[];
