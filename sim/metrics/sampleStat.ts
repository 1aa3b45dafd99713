import { QuantileSketch } from './quantileSketch.js';

/** Values a SampleStat holds before bucketing them into its sketch. */
const PENDING = 256;

/**
 * Mean and quantiles of a stream of durations, in bounded memory. A plain sum serves the mean:
 * durations are non-negative and below 1e7 minutes, so a sum of millions keeps ~1e-9 relative
 * precision, and it costs an add where Welford's update costs a division.
 *
 * A record is summed at once but bucketed later, a few hundred at a time: recording is then a
 * store, small enough for the JIT to inline where the desk records a duration (a call would box
 * the value), and the bucketing runs as a tight loop. Counts do not depend on the order of
 * bucketing, so the sketch ends as if each value had been bucketed on arrival.
 */
export class SampleStat {
  sum = 0;
  private readonly sketch = new QuantileSketch();
  private readonly pending = new Float64Array(PENDING);
  private held = 0;

  get count(): number {
    return this.sketch.count + this.held;
  }

  add(value: number): void {
    this.sum += value;
    this.pending[this.held++] = value;
    if (this.held === PENDING) this.flush();
  }

  /** Mean, or null when nothing was recorded. */
  mean(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }

  quantile(q: number): number | null {
    this.flush();
    return this.count > 0 ? this.sketch.quantile(q) : null;
  }

  /** Add another stat's records to this one, as if each had been recorded here. */
  merge(other: SampleStat): void {
    this.flush();
    other.flush();
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
    this.sum = 0;
    this.held = 0;
    this.sketch.reset();
  }

  private flush(): void {
    this.sketch.addAll(this.pending, this.held);
    this.held = 0;
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
