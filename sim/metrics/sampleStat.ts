import { Moments } from './moments.js';
import { QuantileSketch } from './quantileSketch.js';

/** Mean and quantiles of a stream of durations, in bounded memory. */
export class SampleStat {
  readonly moments = new Moments();
  readonly sketch = new QuantileSketch();

  /** Record a value whose sketch index the caller already computed (one log for several stats). */
  addIndexed(value: number, index: number): void {
    this.moments.add(value);
    this.sketch.addIndex(index);
  }

  add(value: number): void {
    this.addIndexed(value, QuantileSketch.indexOf(value));
  }

  get count(): number {
    return this.moments.count;
  }

  /** Mean, or null when nothing was recorded. */
  mean(): number | null {
    return this.moments.count > 0 ? this.moments.mean : null;
  }

  quantile(q: number): number | null {
    return this.moments.count > 0 ? this.sketch.quantile(q) : null;
  }

  reset(): void {
    this.moments.reset();
    this.sketch.reset();
  }
}
