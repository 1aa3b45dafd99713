import { QuantileSketch } from './quantileSketch.js';

/**
 * Mean and quantiles of a stream of durations, in bounded memory. A plain sum serves the mean:
 * durations are non-negative and below 1e7 minutes, so a sum of millions keeps ~1e-9 relative
 * precision, and it costs an add where Welford's update costs a division.
 */
export class SampleStat {
  count = 0;
  sum = 0;
  readonly sketch = new QuantileSketch();

  /** Record a value whose sketch index the caller already computed (one log for several stats). */
  addIndexed(value: number, index: number): void {
    this.count++;
    this.sum += value;
    this.sketch.addIndex(index);
  }

  add(value: number): void {
    this.addIndexed(value, QuantileSketch.indexOf(value));
  }

  /** Mean, or null when nothing was recorded. */
  mean(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }

  quantile(q: number): number | null {
    return this.count > 0 ? this.sketch.quantile(q) : null;
  }

  /** Add another stat's records to this one, as if each had been recorded here. */
  merge(other: SampleStat): void {
    this.count += other.count;
    this.sum += other.sum;
    this.sketch.merge(other.sketch);
  }

  /** A new stat holding the records of all of `parts`. */
  static combined(parts: readonly SampleStat[]): SampleStat {
    const all = new SampleStat();
    for (const part of parts) all.merge(part);
    return all;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.sketch.reset();
  }
}

/** A mean by plain sum, where no quantile is needed (Little's-law checks, averages per visit). */
export class MeanStat {
  count = 0;
  sum = 0;

  add(value: number): void {
    this.count++;
    this.sum += value;
  }

  mean(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }
}
