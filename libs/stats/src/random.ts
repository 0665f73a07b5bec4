/**
 * Mulberry32: a small seeded 32-bit PRNG, uniform on [0, 1). The same generator as
 * `@sextant/plugin-sdk/testing`'s `mulberry32`; here for kernels that must be deterministic
 * (permutation tests, subsampling). Simple enough to port exactly to Python for reference values.
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher–Yates shuffle of `values` in place: for i = n − 1 … 1, swap i with
 * j = ⌊rng() · (i + 1)⌋.
 */
export function shuffleInPlace(values: Int32Array | Float64Array, rng: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}

/**
 * `k` of the `n` indices 0 … n − 1 drawn without replacement, ascending: a partial Fisher–Yates
 * (for i = 0 … k − 1, swap i with j = i + ⌊rng() · (n − i)⌋), then the first k sorted.
 */
export function sampleIndices(n: number, k: number, rng: () => number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, take).sort();
}
