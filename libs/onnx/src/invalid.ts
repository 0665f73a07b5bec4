import { AppError } from '@sextant/errors';

/** A BAD_REQUEST naming the offending option, for writers given inconsistent model parameters. */
export function invalidOption(path: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `${path}: ${message}`, { fields: [{ path, message }] });
}

/** Checks feature names against the feature count; returns them unchanged. */
export function checkFeatureNames(
  featureNames: readonly string[] | undefined,
  featureCount: number,
): readonly string[] | undefined {
  if (featureNames === undefined) return undefined;
  if (featureNames.length !== featureCount) {
    throw invalidOption(
      'featureNames',
      `expected ${featureCount} names (one per input column), got ${featureNames.length}`,
    );
  }
  if (new Set(featureNames).size !== featureNames.length) {
    throw invalidOption('featureNames', 'names must be distinct');
  }
  return featureNames;
}

/** Checks class labels: at least two, distinct, integers when numeric. */
export function checkClassLabels(classLabels: readonly (number | string)[]): void {
  if (classLabels.length < 2) throw invalidOption('classLabels', 'at least two classes are needed');
  if (new Set(classLabels).size !== classLabels.length) {
    throw invalidOption('classLabels', 'labels must be distinct');
  }
  const numeric = classLabels.filter((l) => typeof l === 'number');
  if (numeric.length !== 0 && numeric.length !== classLabels.length) {
    throw invalidOption('classLabels', 'labels must be all numbers or all strings');
  }
  if (numeric.some((l) => !Number.isSafeInteger(l))) {
    throw invalidOption('classLabels', 'numeric labels must be integers (written as int64)');
  }
}
