/**
 * Running mean and variance (Welford). The naive sum/sum-of-squares form loses
 * all precision when the mean is large relative to the spread (e.g. timestamps
 * or long waits), which is exactly what a simulator feeds it.
 */
export class Moments {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the running mean. */
  private m2 = 0;

  add(x: number): void {
    const n = this.count + 1;
    const delta = x - this.mean;
    this.count = n;
    this.mean += delta / n;
    // Using the updated mean here is what keeps the recurrence stable.
    this.m2 += delta * (x - this.mean);
  }

  /** Sample (n-1) variance; 0 when there are fewer than two observations. */
  variance(): number {
    return this.count < 2 ? 0 : this.m2 / (this.count - 1);
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
  }
}
