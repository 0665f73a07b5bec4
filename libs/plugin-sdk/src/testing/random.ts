/**
 * Mulberry32: a tiny seeded 32-bit PRNG, uniform on [0, 1). Simple enough to port exactly
 * (e.g. to Python, to compute reference values on the very same samples).
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
 * `n` draws from N(mu, sigma²) by Box–Muller (cosine branch only: two uniforms per draw,
 * z = √(−2 ln(1 − u1)) · cos(2π u2)), from a mulberry32 stream seeded with `seed`.
 */
export function normalSample(seed: number, n: number, mu = 0, sigma = 1): Float64Array {
  const rng = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = rng();
    const u2 = rng();
    out[i] = mu + sigma * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

/** `n` categories drawn with the given weights from a mulberry32 stream seeded with `seed`. */
export function categoricalSample(
  seed: number,
  n: number,
  categories: readonly string[],
  weights: readonly number[],
): string[] {
  const rng = mulberry32(seed);
  const total = weights.reduce((s, w) => s + w, 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let u = rng() * total;
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]!) {
      u -= weights[k]!;
      k++;
    }
    out.push(categories[k]!);
  }
  return out;
}
