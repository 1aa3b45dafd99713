import { logGamma } from './gammaFunction.js';
import type { Uniform } from './stream.js';

/** Distributions a support manager can state; every value is in minutes. */
export type DistributionSpec =
  | { type: 'exponential'; mean: number }
  | { type: 'lognormal'; mean: number; cv: number } // cv = coefficient of variation = sd/mean
  | { type: 'gamma'; mean: number; cv: number }
  | { type: 'weibull'; shape: number; scale: number }
  | { type: 'triangular'; min: number; mode: number; max: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'fixed'; value: number }
  | { type: 'empirical'; samples: number[] }; // resample uniformly from the samples (bootstrap)

/**
 * Samplers hold no state between draws: one sampler may serve several streams,
 * and anything carried over (such as the spare Box–Muller variate) would leak
 * randomness from one stream into another and break reproducibility.
 */
export interface Sampler {
  readonly mean: number; // theoretical mean
  readonly variance: number; // theoretical variance
  sample(u: Uniform): number; // one draw, using only u for randomness; no allocation
}

const TWO_PI = 2 * Math.PI;

/**
 * Box–Muller, cosine half only. Drawing two uniforms per normal wastes one, but
 * keeping the sine half for the next call is exactly the hidden state samplers
 * must not have. 1 - u lies in (0, 1], so the logarithm is finite.
 */
function standardNormal(u: Uniform): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(TWO_PI * u());
}

function fail(type: string, message: string): never {
  throw new Error(`${type} distribution: ${message}`);
}

function requireFinite(type: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(type, `${name} must be a finite number (got ${String(value)})`);
  return value;
}
function requirePositive(type: string, name: string, value: unknown): number {
  const v = requireFinite(type, name, value);
  if (v <= 0) fail(type, `${name} must be > 0 (got ${v})`);
  return v;
}
// Durations cannot be negative; zero is allowed (e.g. an instant auto-close).
function requireNonNegative(type: string, name: string, value: unknown): number {
  const v = requireFinite(type, name, value);
  if (v < 0) fail(type, `${name} must be >= 0 (got ${v})`);
  return v;
}

// Finite parameters can still overflow the moments (a huge cv squared, sums of
// values near Number.MAX_VALUE); callers rely on mean and variance being usable.
function checked(type: string, sampler: Sampler): Sampler {
  if (!Number.isFinite(sampler.mean) || !Number.isFinite(sampler.variance)) {
    fail(type, `parameters too large: the mean or variance overflows (mean ${sampler.mean}, variance ${sampler.variance})`);
  }
  return sampler;
}

function fixedSampler(value: number): Sampler {
  return { mean: value, variance: 0, sample: () => value };
}

function exponential(meanValue: number): Sampler {
  return {
    mean: meanValue,
    variance: meanValue * meanValue,
    sample: (u) => -meanValue * Math.log(1 - u()),
  };
}

function lognormal(meanValue: number, cv: number): Sampler {
  if (cv === 0) return fixedSampler(meanValue);
  // Parameterised by mean and cv because that is what a manager can estimate;
  // mu carries the -sigma^2/2 correction so the arithmetic mean is exact.
  const sigma2 = Math.log1p(cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(meanValue) - sigma2 / 2;
  return {
    mean: meanValue,
    variance: (cv * meanValue) ** 2,
    sample: (u) => Math.exp(mu + sigma * standardNormal(u)),
  };
}

function gamma(meanValue: number, cv: number): Sampler {
  const shape = 1 / (cv * cv);
  // cv so small that cv^2 underflows is indistinguishable from a fixed time,
  // and an infinite shape would turn the draw into Infinity * 0.
  if (!Number.isFinite(shape)) return fixedSampler(meanValue);
  const scale = meanValue / shape;
  // Marsaglia–Tsang needs shape >= 1. Below that, draw Gamma(shape + 1) and
  // multiply by U^(1/shape), which is exactly Gamma(shape).
  const boosted = shape < 1;
  const k = boosted ? shape + 1 : shape;
  const invShape = 1 / shape;
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return {
    mean: meanValue,
    variance: (cv * meanValue) ** 2,
    sample: (u) => {
      let x: number;
      let v: number;
      for (;;) {
        x = standardNormal(u);
        v = 1 + c * x;
        if (v <= 0) continue;
        v = v * v * v;
        const w = u();
        const x2 = x * x;
        // The cheap squeeze accepts ~98% of candidates before the logarithms.
        if (w < 1 - 0.0331 * x2 * x2) break;
        if (Math.log(w) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
      }
      const g = d * v * scale;
      // 1 - u in (0, 1] so the boost never multiplies by exactly zero.
      return boosted ? g * Math.pow(1 - u(), invShape) : g;
    },
  };
}

function weibull(shape: number, scale: number): Sampler {
  const g1 = Math.exp(logGamma(1 + 1 / shape));
  const g2 = Math.exp(logGamma(1 + 2 / shape));
  const meanValue = scale * g1;
  const variance = scale * scale * (g2 - g1 * g1);
  // Very small shapes make Γ(1 + 2/shape) overflow: the distribution is then
  // too heavy-tailed for its moments to mean anything in a capacity plan.
  if (!Number.isFinite(meanValue) || !Number.isFinite(variance)) {
    fail('weibull', `shape ${shape} is too small: the mean or variance overflows`);
  }
  const invShape = 1 / shape;
  return {
    mean: meanValue,
    variance,
    sample: (u) => scale * Math.pow(-Math.log(1 - u()), invShape),
  };
}

function triangular(min: number, mode: number, max: number): Sampler {
  if (min === max) return fixedSampler(min);
  const range = max - min;
  const split = (mode - min) / range; // CDF at the mode: picks the branch to invert
  const left = range * (mode - min);
  const right = range * (max - mode);
  return {
    mean: (min + mode + max) / 3,
    variance: (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18,
    sample: (u) => {
      const p = u();
      return p < split ? min + Math.sqrt(p * left) : max - Math.sqrt((1 - p) * right);
    },
  };
}

function uniform(min: number, max: number): Sampler {
  const range = max - min;
  return {
    mean: (min + max) / 2,
    variance: (range * range) / 12,
    sample: (u) => min + range * u(),
  };
}

function empirical(samples: readonly number[]): Sampler {
  // Copied so that a caller editing its array later cannot change a run.
  const values = Float64Array.from(samples);
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const meanValue = sum / n;
  // Two-pass variance: the one-pass sum-of-squares form cancels badly when
  // the samples are large and close together.
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const dev = values[i] - meanValue;
    squares += dev * dev;
  }
  return {
    mean: meanValue,
    variance: squares / n, // population variance: the bootstrap draws from exactly these values
    sample: (u) => values[Math.floor(u() * n)],
  };
}

/** Throws an Error naming the distribution and the offending parameter when the spec is invalid. */
export function createSampler(spec: DistributionSpec): Sampler {
  // Parameters are re-checked here even though the scenario schema validates
  // first: samplers are also built from code and tests, and a NaN that slipped
  // through would silently poison every statistic of a run.
  if (spec === null || typeof spec !== 'object') throw new Error('distribution spec must be an object');
  switch (spec.type) {
    case 'exponential':
      return checked('exponential', exponential(requirePositive('exponential', 'mean', spec.mean)));
    case 'lognormal': {
      const meanValue = requirePositive('lognormal', 'mean', spec.mean);
      return checked('lognormal', lognormal(meanValue, requireNonNegative('lognormal', 'cv', spec.cv)));
    }
    case 'gamma': {
      const meanValue = requirePositive('gamma', 'mean', spec.mean);
      return checked('gamma', gamma(meanValue, requireNonNegative('gamma', 'cv', spec.cv)));
    }
    case 'weibull':
      return weibull(requirePositive('weibull', 'shape', spec.shape), requirePositive('weibull', 'scale', spec.scale));
    case 'triangular': {
      const min = requireNonNegative('triangular', 'min', spec.min);
      const mode = requireFinite('triangular', 'mode', spec.mode);
      const max = requireFinite('triangular', 'max', spec.max);
      if (min > max) fail('triangular', `min (${min}) must not exceed max (${max})`);
      if (mode < min || mode > max) fail('triangular', `mode (${mode}) must lie within [min, max] = [${min}, ${max}]`);
      return checked('triangular', triangular(min, mode, max));
    }
    case 'uniform': {
      const min = requireNonNegative('uniform', 'min', spec.min);
      const max = requireFinite('uniform', 'max', spec.max);
      if (min > max) fail('uniform', `min (${min}) must not exceed max (${max})`);
      return checked('uniform', uniform(min, max));
    }
    case 'fixed':
      return fixedSampler(requireNonNegative('fixed', 'value', spec.value));
    case 'empirical': {
      const samples: unknown = spec.samples;
      if (!Array.isArray(samples)) fail('empirical', 'samples must be an array of numbers');
      if (samples.length === 0) fail('empirical', 'samples must not be empty');
      for (let i = 0; i < samples.length; i++) requireNonNegative('empirical', `samples[${i}]`, samples[i]);
      return checked('empirical', empirical(samples as number[]));
    }
    default: {
      const unknownType: unknown = (spec as { type?: unknown }).type;
      throw new Error(`unknown distribution type: ${String(unknownType)}`);
    }
  }
}
