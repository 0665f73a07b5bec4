// Divergences between two discrete distributions given as aligned arrays of shares (or counts,
// which are normalised first where the formula needs it).

function normalised(p: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]!;
  const out = new Float64Array(p.length);
  if (s > 0) for (let i = 0; i < p.length; i++) out[i] = p[i]! / s;
  return out;
}

/** Counts divided by their total (all zeros stay zeros). */
export function toShares(counts: Float64Array): Float64Array {
  return normalised(counts);
}

/**
 * Replaces zero shares as Evidently's `get_binned_data(feel_zeroes=True)` does: by
 * min(non-zero share) / 1e6 when that minimum is ≤ 1e-4, else by 1e-4. Returns a copy.
 */
export function fillZeroShares(shares: Float64Array): Float64Array {
  let min = Infinity;
  for (let i = 0; i < shares.length; i++) {
    const v = shares[i]!;
    if (v !== 0 && v < min) min = v;
  }
  const fill = min <= 1e-4 ? min / 1e6 : 1e-4;
  const out = Float64Array.from(shares);
  for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = fill;
  return out;
}

/** Population stability index Σ (p − q) ln(p / q) of shares p (reference) and q (current). */
export function populationStabilityIndex(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = q[i]!;
    s += (a - b) * Math.log(a / b);
  }
  return s;
}

/** Kullback–Leibler divergence D(p ‖ q) in nats, both normalised first (`scipy.stats.entropy(p, q)`). */
export function klDivergence(p: Float64Array, q: Float64Array): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let s = 0;
  for (let i = 0; i < pn.length; i++) {
    const a = pn[i]!;
    if (a > 0) s += a * Math.log(a / qn[i]!);
  }
  return s;
}

/** Jensen–Shannon distance, natural log (`scipy.spatial.distance.jensenshannon(p, q)`). */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let s = 0;
  for (let i = 0; i < pn.length; i++) {
    const a = pn[i]!;
    const b = qn[i]!;
    const m = (a + b) / 2;
    if (a > 0) s += a * Math.log(a / m);
    if (b > 0) s += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, s / 2));
}

/** Hellinger distance √(1 − Σ √(p q)) of two share vectors (normalised first). */
export function hellingerDistance(p: Float64Array, q: Float64Array): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let bc = 0;
  for (let i = 0; i < pn.length; i++) bc += Math.sqrt(pn[i]! * qn[i]!);
  return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
}

/** Total variation distance ½ Σ |p − q| of two share vectors (normalised first). */
export function totalVariationDistance(p: Float64Array, q: Float64Array): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let s = 0;
  for (let i = 0; i < pn.length; i++) s += Math.abs(pn[i]! - qn[i]!);
  return s / 2;
}

/**
 * First Wasserstein distance ∫ |F_a − F_b| dx of two ascending, NaN-free samples, by one merge
 * (`scipy.stats.wasserstein_distance(a, b)`). NaN if either is empty.
 */
export function wassersteinDistance(sortedA: Float64Array, sortedB: Float64Array): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let prev = Math.min(sortedA[0]!, sortedB[0]!);
  let total = 0;
  while (i < n || j < m) {
    const a = i < n ? sortedA[i]! : Infinity;
    const b = j < m ? sortedB[j]! : Infinity;
    const x = a <= b ? a : b;
    total += Math.abs(i / n - j / m) * (x - prev);
    while (i < n && sortedA[i]! <= x) i++;
    while (j < m && sortedB[j]! <= x) j++;
    prev = x;
  }
  return total;
}

/**
 * Energy distance √2 · (∫ (F_a − F_b)² dx)^½ of two ascending, NaN-free samples, by one merge
 * (`scipy.stats.energy_distance(a, b)`): O(n + m) on sorted input. NaN if either is empty.
 */
export function energyDistance(sortedA: Float64Array, sortedB: Float64Array): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let prev = Math.min(sortedA[0]!, sortedB[0]!);
  let total = 0;
  while (i < n || j < m) {
    const a = i < n ? sortedA[i]! : Infinity;
    const b = j < m ? sortedB[j]! : Infinity;
    const x = a <= b ? a : b;
    const d = i / n - j / m;
    total += d * d * (x - prev);
    while (i < n && sortedA[i]! <= x) i++;
    while (j < m && sortedB[j]! <= x) j++;
    prev = x;
  }
  return Math.SQRT2 * Math.sqrt(total);
}
