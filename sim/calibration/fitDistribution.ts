import { logGamma } from '../random/gammaFunction.js';
import type { DistributionSpec } from '../random/distributions.js';
import type { FittedDistribution, QuantileRow } from './report.js';

/**
 * Fits durations (minutes) with the families the scenario schema supports and keeps the one
 * closest to the data by Kolmogorov-Smirnov distance:
 * - exponential: mean (MLE),
 * - lognormal: MLE of the log's mean and sd, stated as mean and cv,
 * - gamma: MLE of the shape (Minka's closed-form start and Newton steps), stated as mean and cv,
 * - weibull: MLE of the shape (Newton on the profile likelihood) and scale,
 * - empirical (optional): 400 quantiles of the data (or every value of a smaller sample, from 50),
 *   when no family comes within `empiricalAbove`.
 *
 * Exports keep minutes (or seconds) as integers, so a duration of 0 is common (a ticket solved in
 * the minute it opened); the logarithm-based fits read those as half the resolution, 0.5 minute.
 */

export const REPORT_QUANTILES = [0.1, 0.5, 0.9, 0.95];
/** The scenario schema's bounds. */
const MAX_MINUTES = 1e7;
const MAX_CV = 10;
const ZERO_AS = 0.5;

export interface FitOptions {
  /** Fall back to an empirical distribution when the best family's KS distance is above this (and n >= 50). */
  empiricalAbove?: number;
}

/** Quantile of sorted values (linear interpolation, type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

// ---- special functions ----------------------------------------------------------------------

/** erfc with |relative error| < 1.2e-7 (Numerical Recipes' Chebyshev fit): ample for a KS distance. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9 after one refinement-free pass). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Regularised lower incomplete gamma P(a, x): series below a + 1, continued fraction above. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return Math.min(1, sum * Math.exp(lnPrefix));
  }
  // Lentz's method for the continued fraction of Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return Math.max(0, 1 - Math.exp(lnPrefix) * h);
}

function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

function trigamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return result + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

// ---- CDFs and quantiles of the supported families -------------------------------------------

/** P(X <= x) for a spec (the families calibration produces). */
export function cdf(spec: DistributionSpec, x: number): number {
  switch (spec.type) {
    case 'exponential':
      return x <= 0 ? 0 : 1 - Math.exp(-x / spec.mean);
    case 'lognormal': {
      if (x <= 0) return 0;
      const s2 = Math.log1p(spec.cv * spec.cv);
      const mu = Math.log(spec.mean) - s2 / 2;
      return normalCdf((Math.log(x) - mu) / Math.sqrt(s2));
    }
    case 'gamma': {
      const k = 1 / (spec.cv * spec.cv);
      return gammaP(k, (x * k) / spec.mean);
    }
    case 'weibull':
      return x <= 0 ? 0 : 1 - Math.exp(-((x / spec.scale) ** spec.shape));
    case 'empirical':
      return cdfOf(spec)(x);
    case 'fixed':
      return x >= spec.value ? 1 : 0;
    case 'uniform':
      return x <= spec.min ? 0 : x >= spec.max ? 1 : (x - spec.min) / (spec.max - spec.min);
    case 'triangular': {
      const { min, mode, max } = spec;
      if (x <= min) return 0;
      if (x >= max) return 1;
      return x <= mode ? (x - min) ** 2 / ((max - min) * (mode - min)) : 1 - (max - x) ** 2 / ((max - min) * (max - mode));
    }
  }
}

export function quantile(spec: DistributionSpec, p: number): number {
  switch (spec.type) {
    case 'exponential':
      return -spec.mean * Math.log(1 - p);
    case 'lognormal': {
      const s2 = Math.log1p(spec.cv * spec.cv);
      return Math.exp(Math.log(spec.mean) - s2 / 2 + Math.sqrt(s2) * normalQuantile(p));
    }
    case 'weibull':
      return spec.scale * (-Math.log(1 - p)) ** (1 / spec.shape);
    case 'empirical':
      return quantileSorted(
        [...spec.samples].sort((a, b) => a - b),
        p,
      );
    case 'fixed':
      return spec.value;
    default: {
      // Bisection on the CDF: the gamma has no closed-form quantile.
      let lo = 0;
      let hi = Math.max(1, spec.type === 'gamma' ? spec.mean : 1);
      while (cdf(spec, hi) < p && hi < 1e12) hi *= 2;
      for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
        const mid = (lo + hi) / 2;
        if (cdf(spec, mid) < p) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    }
  }
}

/** Kolmogorov-Smirnov distance between a spec and sorted data. */
export function ksDistance(spec: DistributionSpec, sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const F = cdfOf(spec);
  let d = 0;
  for (let i = 0; i < n; ) {
    // Ties (whole minutes) step the ECDF once, by all of them. Just below x the ECDF is i/n and
    // the model is at its left limit, which differs from F(x) only where the model has an atom.
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const x = sorted[i];
    const below = F(x - 1e-9 * Math.max(1, Math.abs(x)));
    const at = F(x);
    d = Math.max(d, Math.abs(below - i / n), Math.abs((j + 1) / n - at));
    i = j + 1;
  }
  return d;
}

/** The CDF as a function; an empirical spec is sorted once, not at every call. */
function cdfOf(spec: DistributionSpec): (x: number) => number {
  if (spec.type !== 'empirical') return (x) => cdf(spec, x);
  const s = Float64Array.from(spec.samples).sort();
  return (x) => {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / s.length;
  };
}

// ---- fits -----------------------------------------------------------------------------------

function clampMean(m: number): number {
  return Math.min(MAX_MINUTES, Math.max(1e-3, m));
}

function fitLognormal(logs: Float64Array): DistributionSpec | null {
  const n = logs.length;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += logs[i];
  mu /= n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (logs[i] - mu) ** 2;
  s2 /= n;
  const mean = Math.exp(mu + s2 / 2);
  const cv = Math.sqrt(Math.expm1(s2));
  if (!Number.isFinite(mean) || !(cv <= MAX_CV) || mean > MAX_MINUTES) return null;
  return { type: 'lognormal', mean: clampMean(mean), cv };
}

function fitGamma(mean: number, meanLog: number): DistributionSpec | null {
  const s = Math.log(mean) - meanLog;
  if (!(s > 0)) return null;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 20; i++) {
    const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-10 * k) break;
  }
  const cv = 1 / Math.sqrt(k);
  if (!(cv <= MAX_CV) || !Number.isFinite(cv)) return null;
  return { type: 'gamma', mean: clampMean(mean), cv };
}

function fitWeibull(values: Float64Array, logs: Float64Array): DistributionSpec | null {
  const n = values.length;
  let meanLog = 0;
  for (let i = 0; i < n; i++) meanLog += logs[i];
  meanLog /= n;
  // Scale the data to a unit maximum so x^k stays finite for large shapes.
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, values[i]);
  const lnMax = Math.log(max);
  let k = 1;
  for (let iter = 0; iter < 100; iter++) {
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const l = logs[i] - lnMax;
      const xk = Math.exp(k * l);
      a += xk;
      b += xk * l;
      c += xk * l * l;
    }
    // g(k) = b/a - 1/k - (meanLog - lnMax) = 0
    const g = b / a - 1 / k - (meanLog - lnMax);
    const dg = (c * a - b * b) / (a * a) + 1 / (k * k);
    let next = k - g / dg;
    if (!(next > 0)) next = k / 2;
    if (Math.abs(next - k) < 1e-10 * k) {
      k = next;
      break;
    }
    k = next;
  }
  if (!(k >= 0.1 && k <= 100)) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(k * (logs[i] - lnMax));
  const scale = Math.exp(lnMax) * (sum / n) ** (1 / k);
  if (!(scale > 0 && scale <= MAX_MINUTES)) return null;
  // The sampler must have finite moments (it checks Γ(1 + 2/k)).
  if (!Number.isFinite(Math.exp(logGamma(1 + 2 / k)) * scale * scale)) return null;
  return { type: 'weibull', shape: k, scale };
}

/** The best-fitting supported distribution of positive durations (at least 2 values). */
export function fitDurations(values: readonly number[], options: FitOptions = {}): FittedDistribution {
  const sorted = Float64Array.from(values, (v) => Math.max(0, v)).sort();
  const n = sorted.length;
  if (n === 0) throw new Error('fitDurations: no values');
  const positive = Float64Array.from(sorted, (v) => (v > 0 ? v : ZERO_AS));
  const logs = Float64Array.from(positive, Math.log);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += positive[i];
  const mean = sum / n;
  let meanLog = 0;
  for (let i = 0; i < n; i++) meanLog += logs[i];
  meanLog /= n;
  const specs: DistributionSpec[] = [{ type: 'exponential', mean: clampMean(mean) }];
  if (n >= 2 && sorted[n - 1] > sorted[0]) {
    for (const s of [fitLognormal(logs), fitGamma(mean, meanLog), fitWeibull(positive, logs)]) if (s !== null) specs.push(s);
  }
  const candidates = specs.map((spec) => ({ spec, ks: ksDistance(spec, sorted) }));
  let best = candidates[0];
  for (const c of candidates) if (c.ks < best.ks) best = c;
  const threshold = options.empiricalAbove ?? Infinity;
  if (best.ks > threshold && n >= 50) {
    const k = Math.min(400, n);
    const samples = Array.from({ length: k }, (_, i) => Math.max(0, quantileSorted(sorted, (i + 0.5) / k)));
    if (samples.some((v) => v > 0)) {
      const spec: DistributionSpec = { type: 'empirical', samples: samples.map((v) => Math.round(v * 100) / 100) };
      const e = { spec, ks: ksDistance(spec, sorted) };
      candidates.push(e);
      best = e;
    }
  }
  return { spec: best.spec, ks: best.ks, candidates: candidates.map((c) => ({ type: c.spec.type, ks: c.ks })) };
}

/** Data quantiles next to the fitted ones. */
export function quantileRows(sorted: ArrayLike<number>, spec: DistributionSpec): QuantileRow[] {
  return REPORT_QUANTILES.map((p) => ({ p, data: quantileSorted(sorted, p), fitted: quantile(spec, p) }));
}
