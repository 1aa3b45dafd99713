import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { mean as ssMean, sampleVariance } from 'simple-statistics';
import { Moments } from '../sim/metrics/moments.js';
import { QuantileSketch } from '../sim/metrics/quantileSketch.js';
import { TimeWeighted } from '../sim/metrics/timeWeighted.js';
import { confidenceInterval, pairedDifference, tQuantile } from '../sim/metrics/confidence.js';

type Rng = () => number;
const rngFor = (seed: string): Rng => seedrandom.alea(seed);

// alea is in [0, 1); 1 - u is in (0, 1] so the log is finite.
const exponential = (rng: Rng, mean: number) => -Math.log(1 - rng()) * mean;
const standardNormal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

const QUANTILES = [0.5, 0.9, 0.95, 0.99];
const N = 100_000;

/** Exact order statistic under the same lower-quantile convention as the sketch. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function expectWithinBound(estimate: number, exact: number): void {
  if (exact <= 0) {
    expect(estimate).toBe(0);
    return;
  }
  if (exact < QuantileSketch.MIN_VALUE) {
    // The "tiny" bucket: absolute rather than relative error.
    expect(estimate).toBe(QuantileSketch.MIN_VALUE / 2);
    expect(Math.abs(estimate - exact)).toBeLessThan(QuantileSketch.MIN_VALUE);
    return;
  }
  // The bound is exactly RELATIVE_ERROR on bucket edges; allow for rounding only.
  expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * QuantileSketch.RELATIVE_ERROR * (1 + 1e-9));
}

describe('Moments', () => {
  it('matches simple-statistics on random data, including a large offset', () => {
    const rng = rngFor('moments');
    for (const offset of [0, 1e6]) {
      const xs: number[] = [];
      const m = new Moments();
      for (let i = 0; i < 10_000; i++) {
        const x = offset + exponential(rng, 5) - 2;
        xs.push(x);
        m.add(x);
      }
      expect(m.count).toBe(xs.length);
      expect(m.mean).toBeCloseTo(ssMean(xs), 8);
      expect(Math.abs(m.variance() - sampleVariance(xs)) / sampleVariance(xs)).toBeLessThan(1e-9);
    }
  });

  it('has zero variance below two observations and resets', () => {
    const m = new Moments();
    expect(m.variance()).toBe(0);
    m.add(3);
    expect(m.mean).toBe(3);
    expect(m.variance()).toBe(0);
    m.add(5);
    expect(m.mean).toBe(4);
    expect(m.variance()).toBe(2);
    m.reset();
    expect([m.count, m.mean, m.variance()]).toEqual([0, 0, 0]);
    m.add(7);
    expect(m.mean).toBe(7);
  });
});

describe('QuantileSketch', () => {
  const distributions: Record<string, (rng: Rng) => number> = {
    exponential: (rng) => exponential(rng, 12),
    'lognormal, heavy tail': (rng) => Math.exp(1 + 2.5 * standardNormal(rng)),
    '40% zeros + exponential': (rng) => (rng() < 0.4 ? 0 : exponential(rng, 30)),
    'log-uniform 1e-2..1e5': (rng) => Math.exp(Math.log(1e-2) + rng() * Math.log(1e7)),
  };

  for (const [name, draw] of Object.entries(distributions)) {
    it(`quantiles within the relative error bound: ${name}`, () => {
      const rng = rngFor(name);
      const values = new Float64Array(N);
      const sketch = new QuantileSketch();
      for (let i = 0; i < N; i++) {
        values[i] = draw(rng);
        sketch.add(values[i]);
      }
      values.sort();
      expect(sketch.count).toBe(N);
      for (const q of QUANTILES) expectWithinBound(sketch.quantile(q), exactQuantile(values, q));
      // Extremes use the same convention: rank 1 and rank n.
      expectWithinBound(sketch.quantile(0), values[0]);
      expectWithinBound(sketch.quantile(1), values[N - 1]);
    });
  }

  it('a 40%-zero mix reports exact zeros up to rank 0.4n', () => {
    const s = new QuantileSketch();
    for (let i = 0; i < 40; i++) s.add(0);
    for (let i = 0; i < 60; i++) s.add(10);
    expect(s.quantile(0.4)).toBe(0);
    expectWithinBound(s.quantile(0.41), 10);
  });

  it('holds the bound for any single value in [MIN_VALUE, MAX_VALUE]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: QuantileSketch.MIN_VALUE, max: QuantileSketch.MAX_VALUE, noNaN: true }),
        (v) => {
          const s = new QuantileSketch();
          s.add(v);
          expectWithinBound(s.quantile(0.5), v);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('holds the bound on bucket edges and range ends', () => {
    const gamma = (1 + QuantileSketch.RELATIVE_ERROR) / (1 - QuantileSketch.RELATIVE_ERROR);
    const edges = [QuantileSketch.MIN_VALUE, QuantileSketch.MAX_VALUE, 1, gamma, gamma ** -50, gamma ** 1000];
    for (const e of edges) {
      for (const v of [e, e * (1 + 1e-15), e * (1 - 1e-15)]) {
        if (v < QuantileSketch.MIN_VALUE || v > QuantileSketch.MAX_VALUE) continue;
        const s = new QuantileSketch();
        s.add(v);
        expectWithinBound(s.quantile(1), v);
      }
    }
  });

  it('maps zero, negatives, tiny and huge values as documented', () => {
    expect(QuantileSketch.indexOf(0)).toBe(0);
    expect(QuantileSketch.indexOf(-3)).toBe(0);
    expect(QuantileSketch.indexOf(-0)).toBe(0);
    const s = new QuantileSketch();
    s.add(-1);
    expect(s.quantile(1)).toBe(0);
    s.reset();
    s.add(1e-7);
    s.add(QuantileSketch.MIN_VALUE * 0.999);
    expect(s.quantile(1)).toBe(QuantileSketch.MIN_VALUE / 2);
    s.reset();
    s.add(1e12);
    expect(QuantileSketch.indexOf(1e12)).toBe(QuantileSketch.indexOf(QuantileSketch.MAX_VALUE));
    expectWithinBound(s.quantile(0.5), QuantileSketch.MAX_VALUE);
    expect(QuantileSketch.indexOf(QuantileSketch.MIN_VALUE)).toBe(2);
    expect(QuantileSketch.indexOf(QuantileSketch.MAX_VALUE)).toBe(QuantileSketch.BUCKET_COUNT - 1);
  });

  it('addIndex with a shared index equals add', () => {
    const rng = rngFor('shared');
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    for (let i = 0; i < 5_000; i++) {
      const v = exponential(rng, 3);
      const idx = QuantileSketch.indexOf(v);
      a.addIndex(idx);
      b.add(v);
    }
    for (const q of [0, ...QUANTILES, 1]) expect(a.quantile(q)).toBe(b.quantile(q));
  });

  it('merge equals adding everything to one sketch', () => {
    const rng = rngFor('merge');
    const all = new QuantileSketch();
    const parts = [new QuantileSketch(), new QuantileSketch(), new QuantileSketch()];
    for (let i = 0; i < 30_000; i++) {
      const v = rng() < 0.2 ? 0 : Math.exp(3 * standardNormal(rng));
      all.add(v);
      parts[i % 3].add(v);
    }
    const merged = new QuantileSketch();
    for (const p of parts) merged.merge(p);
    expect(merged.count).toBe(all.count);
    for (let q = 0; q <= 1; q += 0.01) expect(merged.quantile(q)).toBe(all.quantile(q));
  });

  it('is NaN when empty, resets to empty, and rejects q outside [0, 1]', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    s.add(5);
    s.add(0);
    expect(s.count).toBe(2);
    s.reset();
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBeNaN();
    s.add(2);
    expectWithinBound(s.quantile(0.01), 2);
    expect(() => s.quantile(1.5)).toThrow(RangeError);
    expect(() => s.quantile(Number.NaN)).toThrow(RangeError);
  });

  it('uses fixed memory: the counts array does not grow with count', () => {
    const s = new QuantileSketch();
    const counts = (s as unknown as { counts: Uint32Array }).counts;
    expect(counts).toBeInstanceOf(Uint32Array);
    expect(counts.length).toBe(QuantileSketch.BUCKET_COUNT);
    // 37 octaves [2^-10, 2^27) of 128 sub-buckets, plus the zero and tiny buckets.
    expect(QuantileSketch.BUCKET_COUNT).toBe(37 * 128 + 2);
    const rng = rngFor('memory');
    for (let i = 0; i < 1_000_000; i++) s.add(Math.exp(20 * rng() - 8));
    s.add(1e20);
    const after = (s as unknown as { counts: Uint32Array }).counts;
    expect(after).toBe(counts);
    expect(after.length).toBe(QuantileSketch.BUCKET_COUNT);
    expect(after.buffer.byteLength).toBe(QuantileSketch.BUCKET_COUNT * 4);
  });
});

describe('TimeWeighted', () => {
  it('integrates a hand-computed step function', () => {
    const tw = new TimeWeighted();
    expect(tw.mean(0)).toBe(0);
    tw.set(2, 3); // [0,2) at 0
    tw.add(5, -1); // [2,5) at 3 -> area 9
    expect(tw.level).toBe(2);
    // [5,10) at 2 -> area 10; total 19 over 10
    expect(tw.mean(10)).toBeCloseTo(1.9, 12);
    expect(tw.max).toBe(3);
    // mean() must not change the state.
    expect(tw.mean(10)).toBeCloseTo(1.9, 12);
    tw.set(10, 0);
    expect(tw.mean(20)).toBeCloseTo(0.95, 12);
  });

  it('restart drops the area but keeps the level, and resets max to it', () => {
    const tw = new TimeWeighted(100);
    tw.set(100, 7);
    tw.set(104, 2);
    expect(tw.max).toBe(7);
    tw.restart(110);
    expect(tw.level).toBe(2);
    expect(tw.max).toBe(2);
    expect(tw.mean(110)).toBe(2); // no time has passed
    tw.add(112, 2); // [110,112) at 2 -> 4
    expect(tw.max).toBe(4);
    tw.add(113, -3); // [112,113) at 4 -> 4
    // [113,118) at 1 -> 5; total 13 over 8
    expect(tw.mean(118)).toBeCloseTo(13 / 8, 12);
    expect(tw.max).toBe(4);
  });

  it('reports the current level when no time has passed and rejects time going backwards', () => {
    const tw = new TimeWeighted(5);
    tw.set(5, 4);
    expect(tw.mean(5)).toBe(4);
    tw.set(6, 1);
    expect(() => tw.set(5.5, 2)).toThrow(RangeError);
    expect(() => tw.mean(5.5)).toThrow(RangeError);
  });
});

describe('tQuantile', () => {
  it('matches t tables for p = 0.975', () => {
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [5, 2.5706],
      [10, 2.2281],
      [29, 2.0452],
      [100, 1.984],
      [1e6, 1.96],
    ];
    for (const [df, t] of table) expect(tQuantile(0.975, df)).toBeCloseTo(t, 4);
    expect(Math.abs(tQuantile(0.975, 29) - 2.04523)).toBeLessThan(1e-5);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.1693, 4);
  });

  it('matches closed forms for df 1 and 2 and the large-df expansion', () => {
    const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    for (const p of [0.51, 0.6, 0.75, 0.9, 0.99, 0.9999, 1e-6, 0.3]) {
      // Relative: the far tails are in the hundreds of thousands.
      expect(relErr(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-9);
      expect(relErr(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-9);
    }
    // Cornish-Fisher: t = z + (z^3 + z) / (4 df) + O(df^-2)
    const z = 1.959963984540054;
    const df = 1e6;
    expect(tQuantile(0.975, df)).toBeCloseTo(z + (z ** 3 + z) / (4 * df), 9);
  });

  it('is antisymmetric and handles the endpoints', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 12);
    expect(tQuantile(1, 3)).toBe(Infinity);
    expect(tQuantile(0, 3)).toBe(-Infinity);
    expect(() => tQuantile(1.1, 3)).toThrow(RangeError);
    expect(() => tQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('confidenceInterval / pairedDifference', () => {
  it('matches a hand computation', () => {
    // mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445 -> half-width 2.776445 * sqrt(2.5 / 5)
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    const half = 2.7764451 * Math.sqrt(0.5);
    expect(ci.mean).toBe(3);
    expect(ci.lo).toBeCloseTo(3 - half, 6);
    expect(ci.hi).toBeCloseTo(3 + half, 6);
    const ci99 = confidenceInterval([1, 2, 3, 4, 5], 0.99);
    expect(ci99.hi - ci99.mean).toBeCloseTo(4.604095 * Math.sqrt(0.5), 5);
  });

  it('collapses to the mean with one value and throws with none', () => {
    expect(confidenceInterval([4.5])).toEqual({ mean: 4.5, lo: 4.5, hi: 4.5 });
    expect(() => confidenceInterval([])).toThrow();
  });

  it('pairedDifference is the CI of b - a', () => {
    const a = [10, 12, 9, 11];
    const b = [11, 14, 9.5, 12.5];
    // diffs 1, 2, 0.5, 1.5: mean 1.25, s^2 = 0.4166..., t(0.975, 3) = 3.182446
    const ci = pairedDifference(a, b);
    const half = (3.1824463 * Math.sqrt(1.25 / 3)) / 2;
    expect(ci.mean).toBeCloseTo(1.25, 12);
    expect(ci.lo).toBeCloseTo(1.25 - half, 6);
    expect(ci.hi).toBeCloseTo(1.25 + half, 6);
    expect(() => pairedDifference([1, 2], [1])).toThrow(RangeError);
  });

  it('95% intervals from samples of 10 normals cover the true mean 93-97% of the time', () => {
    const rng = rngFor('coverage');
    const trueMean = 20;
    const sample = new Array<number>(10);
    let covered = 0;
    const trials = 2_000;
    for (let k = 0; k < trials; k++) {
      for (let i = 0; i < sample.length; i++) sample[i] = trueMean + 4 * standardNormal(rng);
      const ci = confidenceInterval(sample);
      if (ci.lo <= trueMean && trueMean <= ci.hi) covered++;
    }
    const rate = covered / trials;
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });
});
