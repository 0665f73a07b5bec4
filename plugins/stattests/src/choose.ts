import type { ColumnKind } from '@sextant/plugin-sdk';

/** The test Evidently would pick for a column, and the kind to present the column as. */
export interface TestChoice {
  test: 'ks' | 'wasserstein' | 'chisquare' | 'z' | 'jensenshannon';
  /** Low-cardinality numeric columns are compared as categories. */
  columnKind: ColumnKind;
}

/**
 * Evidently's automatic choice (`_get_default_stattest`): with a reference of ≤ 1000 rows,
 * numeric → KS (≤ 5 unique values: χ², or z with ≤ 2), categorical → χ² (z with ≤ 2 unique);
 * above 1000 rows, numeric → normed Wasserstein (≤ 5 unique: Jensen–Shannon), categorical →
 * Jensen–Shannon. `uniqueCount` counts distinct non-missing values of reference and current
 * together, as Evidently does. Text-length columns are treated as numeric.
 */
export function chooseTest(
  kind: ColumnKind,
  referenceSize: number,
  uniqueCount: number,
): TestChoice {
  const numeric = kind === 'numeric' || kind === 'text_length';
  const asCategories: ColumnKind = uniqueCount <= 2 ? 'binary' : 'categorical';
  if (referenceSize <= 1000) {
    if (numeric && uniqueCount > 5) return { test: 'ks', columnKind: kind };
    return { test: uniqueCount > 2 ? 'chisquare' : 'z', columnKind: numeric ? asCategories : kind };
  }
  if (numeric && uniqueCount > 5) return { test: 'wasserstein', columnKind: kind };
  return { test: 'jensenshannon', columnKind: numeric ? asCategories : kind };
}
