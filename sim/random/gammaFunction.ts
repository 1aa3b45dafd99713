// Lanczos approximation with g = 7, n = 9 (the Numerical Recipes / Godfrey
// coefficients): about 15 significant digits for real arguments, which is all
// the Weibull moments need, without pulling in a numerics library.
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln|Γ(x)|; +Infinity at the poles (0, -1, -2, ...). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // The series is only accurate for x >= 0.5; reflection
    // Γ(x)Γ(1-x) = π / sin(πx) carries the rest of the real line over.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** Γ(x); overflows to Infinity above x ≈ 171.6, as the true value does in doubles. */
export function gammaFunction(x: number): number {
  if (x < 0.5) {
    // Going through logGamma would lose the sign, which is negative on
    // alternate unit intervals of the negative axis.
    return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  }
  return Math.exp(logGamma(x));
}
