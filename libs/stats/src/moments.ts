/** Arithmetic mean, ignoring NaNs (NaN if no value). */
export function mean(values: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/**
 * Population standard deviation (numpy's `np.std`, ddof 0), ignoring NaNs; `mu` is the mean when
 * the caller has it already (one pass fewer).
 */
export function std(values: Float64Array, mu: number = mean(values)): number {
  if (mu !== mu) return NaN;
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      s += (v - mu) * (v - mu);
      n++;
    }
  }
  return Math.sqrt(s / n);
}
