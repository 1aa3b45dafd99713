import type { Uniform } from '../random/stream.js';
import type { HourOfWeekTable } from '../time/hourOfWeek.js';
import type { ArrivalRate } from './scenario.js';

/**
 * Arrivals as a Poisson process with a piecewise-constant rate (per minute) over segments.
 * The next arrival inverts the cumulative rate: draw E ~ Exp(1) and walk the segments until
 * their rate x length has used E up. That is exact for a non-homogeneous Poisson process,
 * needs one draw per arrival (no thinning rejections), and treats a zero-rate hour correctly.
 */
export class ArrivalProcess {
  private segment = 0;

  constructor(
    private readonly starts: Float64Array,
    private readonly rates: Float64Array,
    /** No arrivals at or after this instant. */
    private readonly end: number,
  ) {}

  /** Instant of the first arrival after `now`, or Infinity when none comes before the end. */
  next(now: number, uniform: Uniform): number {
    let remaining = -Math.log(1 - uniform());
    const starts = this.starts;
    const rates = this.rates;
    const last = starts.length - 1;
    if (last === 0) {
      // A stationary stream: one segment, no walk.
      const arrival = rates[0] > 0 ? now + remaining / rates[0] : Infinity;
      return arrival < this.end ? arrival : Infinity;
    }
    let t = now;
    let k = this.segment;
    while (k < last && starts[k + 1] <= t) k++;
    for (;;) {
      const segmentEnd = k < last ? starts[k + 1] : this.end;
      const rate = rates[k];
      const area = rate * (segmentEnd - t);
      if (rate > 0 && remaining <= area) {
        this.segment = k;
        const arrival = t + remaining / rate;
        return arrival < this.end ? arrival : Infinity;
      }
      if (k >= last) {
        this.segment = k;
        return Infinity;
      }
      remaining -= area;
      t = segmentEnd;
      k++;
    }
  }
}

/** Arrivals per minute of a stream, as segments over [0, end). */
export function arrivalProcess(rate: ArrivalRate, hours: HourOfWeekTable, end: number): ArrivalProcess {
  if (rate.type === 'poisson') {
    return new ArrivalProcess(new Float64Array([0]), new Float64Array([rate.perHour / 60]), end);
  }
  const weights = rate.hourOfWeek ?? new Array<number>(168).fill(1);
  const total = weights.reduce((a, b) => a + b, 0);
  const perMinute = new Float64Array(hours.count);
  // Each local hour of the week gets its share of the weekly volume; a 25-hour DST day simply
  // has one more hour of demand, as a real desk would.
  for (let i = 0; i < hours.count; i++) {
    perMinute[i] = total > 0 ? (rate.perWeek * weights[hours.hourOfWeek[i]]) / total / 60 : 0;
  }
  return new ArrivalProcess(hours.starts.subarray(0, hours.count), perMinute, end);
}

/**
 * An upper bound on a stream's expected arrivals over [0, end), to refuse scenarios that ask for
 * unbounded work before running them. For a weekly profile it is the smaller of the peak hour's
 * rate over the whole span and the volume of every week the span touches (plus 1% for a 25-hour
 * DST day), so a short run on the peak hour is not underestimated.
 */
export function expectedArrivals(rate: ArrivalRate, end: number): number {
  if (rate.type === 'poisson') return (rate.perHour / 60) * end;
  const weights = rate.hourOfWeek;
  const total = weights ? weights.reduce((a, b) => a + b, 0) : 168;
  const peak = weights ? Math.max(...weights) : 1;
  const peakPerMinute = total > 0 ? (rate.perWeek * peak) / total / 60 : 0;
  const weeks = Math.ceil(end / (7 * 24 * 60)) + 1;
  return Math.min(peakPerMinute * end, rate.perWeek * weeks * 1.01);
}
