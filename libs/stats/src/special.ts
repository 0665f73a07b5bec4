// Special functions for p-values. Algorithms: Lanczos ln Γ (g = 7, n = 9) and the series /
// continued-fraction split for the regularised incomplete gamma (Numerical Recipes, 3rd ed., §6.2);
// the modified Bessel function K_ν by the trapezoidal rule on its integral representation.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  let ap = a;
  for (let i = 0; i < 10_000; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** The regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) (SciPy `gammaincc`). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** The regularised lower incomplete gamma P(a, x) (SciPy `gammainc`). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Survival function of the χ² distribution with `dof` degrees of freedom (`chi2.sf(x, dof)`). */
export function chiSquareSf(x: number, dof: number): number {
  if (x !== x || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(dof / 2, x / 2);
}

/** The complementary error function erfc(x), via erfc(x) = Q(1/2, x²) for x ≥ 0. */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return gammaQ(0.5, x * x);
}

/** The standard normal CDF Φ(x) (`scipy.stats.norm.cdf`). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The standard normal survival function 1 − Φ(x), accurate in the upper tail. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/**
 * The Kolmogorov limiting distribution's survival function
 * K(x) = 2 Σ_{k≥1} (−1)^(k−1) exp(−2k²x²) (`scipy.special.kolmogorov`).
 */
export function kolmogorovSf(x: number): number {
  if (x !== x) return NaN;
  if (x <= 0) return 1;
  if (x < 0.3) {
    // Near zero the alternating series converges slowly; use the theta-function form of the CDF:
    // 1 − K(x) = √(2π)/x Σ_{k≥1} exp(−(2k−1)²π²/(8x²)).
    let s = 0;
    for (let k = 1; k < 50; k++) {
      const term = Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * x * x));
      s += term;
      if (term < 1e-17 * s) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / x) * s;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * The exponentially scaled modified Bessel function of the second kind, eˣ·K_ν(x), for x > 0
 * (`scipy.special.kve(nu, x)`). From K_ν(x) = ∫₀^∞ exp(−x cosh t) cosh(νt) dt: the integrand
 * is analytic and decays doubly exponentially, so the trapezoidal rule converges geometrically
 * in 1/h. With step h = min(0.1, 0.5/√x) (the integrand's width is ~1/√x) the discretisation
 * error is below exp(−π²/h) and exp(−2π²/(x h²)) ≈ 1e-34: accurate to rounding (relative
 * error ~1e-14). It stops once the terms are negligible and decreasing.
 */
export function besselKScaled(nu: number, x: number): number {
  if (x !== x || nu !== nu || x < 0) return NaN;
  if (x === 0) return Infinity;
  if (x === Infinity) return 0;
  const v = Math.abs(nu);
  const h = Math.min(0.1, 0.5 / Math.sqrt(x));
  let sum = 0.5; // t = 0: exp(0)·cosh(0), halved (the integrand is even)
  for (let k = 1; k < 1_000_000; k++) {
    const t = k * h;
    // exp(−x(cosh t − 1)) · cosh(νt), with cosh(νt) = (e^{νt} + e^{−νt}) / 2 folded into the exponent
    const e = -x * (Math.cosh(t) - 1);
    const term = 0.5 * (Math.exp(e + v * t) + Math.exp(e - v * t));
    sum += term;
    if (term < 1e-17 * sum && x * Math.sinh(t) > v) break;
  }
  return sum * h;
}

/** The modified Bessel function of the second kind K_ν(x), x > 0 (`scipy.special.kv(nu, x)`). */
export function besselK(nu: number, x: number): number {
  return Math.exp(-x) * besselKScaled(nu, x);
}
