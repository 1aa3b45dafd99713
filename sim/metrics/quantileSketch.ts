/**
 * Log-linear histogram (HDR-histogram style) for quantiles of positive values with a
 * guaranteed relative error, in fixed memory: one Uint32Array allocated at construction,
 * nothing allocated per record.
 *
 * Each power-of-two octave [2^e, 2^(e+1)) is split into 128 equal sub-buckets, so a bucket is
 * at most 1/128 of its lower edge wide and its midpoint is within 1/256 (0.39%) of every value
 * in it: inside the stated RELATIVE_ERROR of 0.5%. The bucket of a value is read straight from
 * the bits of its float64 (exponent and the top 7 mantissa bits): no logarithm, which matters
 * because the desk records several durations per ticket.
 *
 * Layout of the counts array:
 *   0                 exact zeros (and negatives, NaN) -- reported as 0
 *   1                 "tiny" values in (0, MIN_VALUE) -- reported as MIN_VALUE/2
 *   2 .. TOP_INDEX    octaves from MIN_VALUE = 2^-10 minutes (0.06 s) up to MAX_VALUE = 2^27
 *                     minutes (255 years); larger values clamp into TOP_INDEX.
 */

const RELATIVE_ERROR = 0.005;
const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const MIN_EXPONENT = -10;
const MAX_EXPONENT = 27;
const MIN_VALUE = 2 ** MIN_EXPONENT;
const MAX_VALUE = 2 ** MAX_EXPONENT;

const ZERO_INDEX = 0;
const TINY_INDEX = 1;
const FIRST_INDEX = 2;
const BUCKET_COUNT = FIRST_INDEX + (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS;
const TOP_INDEX = BUCKET_COUNT - 1;

// A float64's high word holds sign (1 bit), biased exponent (11) and the top 20 mantissa bits;
// shifting out the low 13 leaves biased exponent * 128 + sub-bucket for a positive value.
const SHIFT = 20 - SUB_BUCKET_BITS;
const INDEX_OFFSET = ((1023 + MIN_EXPONENT) << SUB_BUCKET_BITS) - FIRST_INDEX;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
bits[0] = 1;
const HIGH_WORD = words[1] === 0x3ff00000 ? 1 : 0; // little- or big-endian platform

export class QuantileSketch {
  static readonly RELATIVE_ERROR: number = RELATIVE_ERROR;
  static readonly MIN_VALUE: number = MIN_VALUE;
  static readonly MAX_VALUE: number = MAX_VALUE;
  /** Length of the counts array; memory is this many 32-bit counters whatever the count. */
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
    bits[0] = value;
    return (words[HIGH_WORD] >>> SHIFT) - INDEX_OFFSET;
  }

  count = 0;
  // 32-bit counters halve the array (19 KB): several sketches are written per ticket, so staying
  // in cache matters more than range. A replication is capped far below 2^32 tickets, and merge
  // refuses to overflow.
  private readonly counts = new Uint32Array(BUCKET_COUNT);

  /** Record a value by an index from QuantileSketch.indexOf (not validated: hot path). */
  addIndex(index: number): void {
    this.counts[index]++;
    this.count++;
  }

  add(value: number): void {
    this.addIndex(QuantileSketch.indexOf(value));
  }

  /** Record values[0..n), as add would one by one. */
  addAll(values: Float64Array, n: number): void {
    const counts = this.counts;
    for (let i = 0; i < n; i++) counts[QuantileSketch.indexOf(values[i])]++;
    this.count += n;
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
    if (this.count + other.count > 0xffffffff) throw new RangeError('QuantileSketch.merge: more than 2^32 - 1 records');
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < BUCKET_COUNT; i++) mine[i] += theirs[i];
    this.count += other.count;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
  }

  /** The midpoint of a bucket. */
  private static estimateOf(index: number): number {
    if (index === ZERO_INDEX) return 0;
    if (index === TINY_INDEX) return MIN_VALUE / 2;
    const k = index - FIRST_INDEX;
    const octave = 2 ** (MIN_EXPONENT + (k >> SUB_BUCKET_BITS));
    return octave * (1 + ((k & (SUB_BUCKETS - 1)) + 0.5) / SUB_BUCKETS);
  }
}
