/**
 * TensorBoard's scalar smoothing: an exponential moving average, debiased so that the first
 * points are not pulled towards zero. `weight` is the slider's value in [0, 1): 0 leaves the
 * curve as it is, 0.99 smooths heavily. Non-finite values (NaN, ±Infinity) are passed through
 * unchanged and do not enter the average, and a constant series is returned as it is (TensorBoard
 * does the same, so a flat line is not bent by floating-point error).
 *
 * Same algorithm as TensorBoard's `vz_line_chart2/line-chart.ts` (`resmoothDataset`).
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 1);
  if (w === 0 || values.length === 0) return [...values];
  const first = values[0];
  if (values.every((v) => v === first)) return [...values];
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    count += 1;
    const debias = w === 1 ? 1 : 1 - w ** count;
    return last / debias;
  });
}
