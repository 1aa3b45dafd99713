import { mean, sampleStandardDeviation } from 'simple-statistics';

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

// Lanczos approximation (g = 7, n = 9): ~15 significant digits over the
// positive reals, which the t quantile needs up to df ~ 1e6.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function logGamma(z: number): number {
  if (z < 0.5) {
    // Reflection keeps the series in the region where it is accurate.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  }
  const zm1 = z - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i] / (zm1 + i);
  const t = zm1 + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (zm1 + 0.5) * Math.log(t) - t + Math.log(series);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

const TINY = 1e-300;
const CF_EPS = 1e-15;

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // Convergence takes O(sqrt(max(a, b))) terms, so the cap must grow with df.
  const maxIter = 200 + Math.ceil(10 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxIter; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPS) return h;
  }
  throw new Error(`incomplete beta: continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/**
 * Regularized incomplete beta I_x(a, b). Takes y = 1 - x separately because
 * callers can often compute it without the cancellation of 1 - x near 1.
 */
function regularizedIncompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b));
  // Each side of this split is where the continued fraction converges fast.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** P(T > t) for t >= 0. */
function tUpperTail(t: number, df: number): number {
  const t2 = t * t;
  const denom = df + t2;
  return 0.5 * regularizedIncompleteBeta(df / denom, t2 / denom, df / 2, 0.5);
}

function tDensity(t: number, df: number, logNorm: number): number {
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Inverse CDF of Student's t. Solves for t directly (safeguarded Newton with a
 * bisection fallback) on the upper tail, so p close to 1 keeps its precision.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`tQuantile: p must be in [0, 1], got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`tQuantile: df must be positive and finite, got ${df}`);
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work with the smaller tail probability; 1 - p is exact for p in [0.5, 1].
  const sign = p > 0.5 ? 1 : -1;
  const target = p > 0.5 ? 1 - p : p;

  let lo = 0;
  let hi = 1;
  while (tUpperTail(hi, df) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return sign * Infinity;
  }

  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  let t = (lo + hi) / 2;
  for (let iter = 0; iter < 300; iter++) {
    const g = tUpperTail(t, df) - target;
    // Upper tail decreases in t: g > 0 means the root is to the right.
    if (g > 0) lo = t;
    else if (g < 0) hi = t;
    else break;
    let next = t + g / tDensity(t, df, logNorm);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t)) || hi - lo <= 1e-15 * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

/**
 * t quantiles of confidenceInterval by level and sample size. A run's summary takes one interval per
 * KPI and series point (about 11,000 for four weeks of seed-defaults), all at one level and size;
 * the quantile's root search costs about 6 us against 0.5 us for the rest of an interval.
 */
const criticalValues = new Map<number, Map<number, number>>();
const MAX_CACHED_SIZES = 4096;

function criticalValue(level: number, n: number): number {
  let bySize = criticalValues.get(level);
  if (bySize === undefined) criticalValues.set(level, (bySize = new Map()));
  let t = bySize.get(n);
  if (t === undefined) {
    t = tQuantile((1 + level) / 2, n - 1);
    if (bySize.size < MAX_CACHED_SIZES) bySize.set(n, t);
  }
  return t;
}

/** mean ± t * s / sqrt(n). A single replication has no spread estimate: lo = hi = mean. */
export function confidenceInterval(values: readonly number[], level = 0.95): Interval {
  checkLevel(level);
  const n = values.length;
  if (n === 0) throw new RangeError('confidenceInterval: no values');
  const m = mean(values);
  if (n === 1) return { mean: m, lo: m, hi: m };
  const half = (criticalValue(level, n) * sampleStandardDeviation(values)) / Math.sqrt(n);
  return { mean: m, lo: m - half, hi: m + half };
}

/**
 * CI of mean(b_i - a_i). With common random numbers the pairs are positively
 * correlated, so differencing first gives a much tighter interval than
 * comparing two independent intervals.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): Interval {
  if (a.length !== b.length) {
    throw new RangeError(`pairedDifference: lengths differ (${a.length} vs ${b.length})`);
  }
  const diffs = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) diffs[i] = b[i] - a[i];
  return confidenceInterval(diffs, level);
}
