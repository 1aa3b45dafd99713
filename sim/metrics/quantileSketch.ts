/**
 * Log-bucketed histogram (DDSketch-style) for quantiles of positive values with
 * a guaranteed relative error, in fixed memory: one Float64Array allocated at
 * construction, nothing allocated per record.
 *
 * Layout of the counts array:
 *   0                 exact zeros (and negatives) -- reported as 0, no log needed
 *   1                 "tiny" values in (0, MIN_VALUE) -- reported as MIN_VALUE/2
 *   2 .. TOP_INDEX    log buckets; global key k covers (gamma^(k-1), gamma^k],
 *                     key = ceil(ln(v) / ln(gamma)), index = key - KEY_OFFSET
 * Values above MAX_VALUE clamp into TOP_INDEX.
 */

const RELATIVE_ERROR = 0.005;
const MIN_VALUE = 1e-3;
const MAX_VALUE = 1e8;

const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
// Multiplying by the reciprocal keeps indexOf to one log and one multiply.
const INV_LOG_GAMMA = 1 / LOG_GAMMA;
// The bucket midpoint 2*gamma^k/(gamma+1) is within RELATIVE_ERROR of every
// value in (gamma^(k-1), gamma^k]; this is the constant part of it.
const ESTIMATE_SCALE = 2 / (GAMMA + 1);

const ZERO_INDEX = 0;
const TINY_INDEX = 1;
const FIRST_LOG_INDEX = 2;
// Computed with the same expression as indexOf so MIN_VALUE lands exactly on
// FIRST_LOG_INDEX and MAX_VALUE exactly on TOP_INDEX.
const MIN_KEY = Math.ceil(Math.log(MIN_VALUE) * INV_LOG_GAMMA);
const MAX_KEY = Math.ceil(Math.log(MAX_VALUE) * INV_LOG_GAMMA);
const KEY_OFFSET = MIN_KEY - FIRST_LOG_INDEX;
const TOP_INDEX = MAX_KEY - KEY_OFFSET;
const BUCKET_COUNT = TOP_INDEX + 1;

export class QuantileSketch {
  static readonly RELATIVE_ERROR: number = RELATIVE_ERROR;
  static readonly MIN_VALUE: number = MIN_VALUE;
  static readonly MAX_VALUE: number = MAX_VALUE;
  /** Length of the counts array; memory is this many doubles whatever the count. */
  static readonly BUCKET_COUNT: number = BUCKET_COUNT;

  /**
   * Bucket index of a value; shared so a caller recording the same value in
   * several sketches computes the log once. Zero and negatives map to the zero
   * bucket (index 0). NaN also lands there: the hot loop cannot afford to
   * throw, and an index outside the array would silently drop the record while
   * still counting it.
   */
  static indexOf(value: number): number {
    if (!(value > 0)) return ZERO_INDEX;
    if (value < MIN_VALUE) return TINY_INDEX;
    if (value >= MAX_VALUE) return TOP_INDEX;
    const index = Math.ceil(Math.log(value) * INV_LOG_GAMMA) - KEY_OFFSET;
    // Guards against Math.log rounding at the range ends; never taken for a
    // monotone log, but an out-of-range index would lose the record.
    return index < FIRST_LOG_INDEX ? FIRST_LOG_INDEX : index > TOP_INDEX ? TOP_INDEX : index;
  }

  count = 0;
  // Float64 rather than Uint32 so merged sketches cannot overflow at 2^32.
  private readonly counts = new Float64Array(BUCKET_COUNT);

  /** Record a value by an index from QuantileSketch.indexOf (not validated: hot path). */
  addIndex(index: number): void {
    this.counts[index]++;
    this.count++;
  }

  add(value: number): void {
    this.addIndex(QuantileSketch.indexOf(value));
  }

  /**
   * Value at rank ceil(q*count) (lower quantile convention, rank at least 1);
   * NaN when empty. Within RELATIVE_ERROR for values in [MIN_VALUE, MAX_VALUE],
   * exactly 0 for zeros, MIN_VALUE/2 for smaller positive values.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`QuantileSketch.quantile: q must be in [0, 1], got ${q}`);
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const counts = this.counts;
    let seen = 0;
    let index = 0;
    for (; index < TOP_INDEX; index++) {
      seen += counts[index];
      if (seen >= rank) break;
    }
    return QuantileSketch.estimateOf(index);
  }

  merge(other: QuantileSketch): void {
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < BUCKET_COUNT; i++) mine[i] += theirs[i];
    this.count += other.count;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
  }

  private static estimateOf(index: number): number {
    if (index === ZERO_INDEX) return 0;
    if (index === TINY_INDEX) return MIN_VALUE / 2;
    return ESTIMATE_SCALE * Math.exp((index + KEY_OFFSET) * LOG_GAMMA);
  }
}
