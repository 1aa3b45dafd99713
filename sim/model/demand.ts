import { createSampler, type DistributionSpec } from '../random/distributions.js';
import { createStream, type Uniform } from '../random/stream.js';
import type { HourOfWeekTable } from '../time/hourOfWeek.js';
import { localParts, parseLocalDateTime } from '../time/zone.js';
import {
  PRIORITIES,
  type ArrivalRate,
  type ArrivalStream,
  type Channel,
  type DemandModifiers,
  type Incident,
  type Priority,
  type Scenario,
  type Tier,
  type Touches,
} from './scenario.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Anything that yields the next arrival instant of a stream (simulation minutes). */
export interface ArrivalSource {
  /** Instant of the next arrival at or after `now`, or Infinity when none comes before the end. */
  next(now: number, uniform: Uniform): number;
}

/**
 * Arrivals as a Poisson process with a piecewise-constant rate (per minute) over segments.
 * The next arrival inverts the cumulative rate: draw E ~ Exp(1) and walk the segments until
 * their rate x length has used E up. That is exact for a non-homogeneous Poisson process,
 * needs one draw per arrival (no thinning rejections), and treats a zero-rate hour correctly.
 * Segment k covers [starts[k], starts[k+1]) and the last runs to `end`; starts[0] must be 0
 * (or at most the first `now` asked for).
 */
export class ArrivalProcess implements ArrivalSource {
  private segment = 0;
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  private declare readonly starts: Float64Array;
  private declare readonly rates: Float64Array;
  /** No arrivals at or after this instant. */
  private declare readonly end: number;

  constructor(starts: Float64Array, rates: Float64Array, end: number) {
    this.starts = starts;
    this.rates = rates;
    this.end = end;
  }

  /** Instant of the first arrival after `now`, or Infinity when none comes before the end. */
  next(now: number, uniform: Uniform): number {
    const remaining = -Math.log(1 - uniform());
    if (this.starts.length > 1) return this.walk(now, remaining);
    // A stationary stream: one segment, no walk (and a method small enough to be inlined).
    const rate = this.rates[0];
    const arrival = rate > 0 ? now + remaining / rate : Infinity;
    return arrival < this.end ? arrival : Infinity;
  }

  /** The instant at which `remaining` units of rate have elapsed after `now`, segment by segment. */
  private walk(now: number, remaining: number): number {
    const starts = this.starts;
    const rates = this.rates;
    const last = starts.length - 1;
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

  /** Expected arrivals in [from, to) (the integral of the rate), clipped to [starts[0], end). */
  expectedBetween(from: number, to: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    let sum = 0;
    for (let k = 0; k <= last; k++) {
      const a = Math.max(from, starts[k]);
      const b = Math.min(to, k < last ? starts[k + 1] : this.end);
      if (b > a) sum += this.rates[k] * (b - a);
    }
    return sum;
  }
}

/**
 * A replayed trace: its instants in ascending order, each returned once, from the first at or
 * after `now` up to (excluding) the end. Equal instants are all replayed. The uniform is ignored.
 */
export class TraceArrivals implements ArrivalSource {
  private declare readonly instants: Float64Array;
  private index = 0;
  /** No arrivals at or after this instant. */
  private declare readonly end: number;

  constructor(minutes: ArrayLike<number>, end: number) {
    this.end = end;
    // A typed array sorts numerically (NaN last, and NaN is never < end so it never replays).
    this.instants = Float64Array.from(minutes).sort();
  }

  next(now: number, _uniform?: Uniform): number {
    const a = this.instants;
    let i = this.index;
    while (i < a.length && a[i] < now) i++;
    if (i < a.length && a[i] < this.end) {
      this.index = i + 1;
      return a[i];
    }
    this.index = i;
    return Infinity;
  }
}

type RateStream = Exclude<ArrivalRate, { type: 'trace' }>;

/**
 * Arrivals per minute of a stream, as segments over [0, end). `dayFactor[d]`, when given,
 * multiplies the rate of every hour segment of local day d (`hours.day`); a Poisson stream then
 * becomes piecewise constant per local day. A trace ignores the factors.
 */
export function arrivalProcess(rate: RateStream, hours: HourOfWeekTable, end: number, dayFactor?: Float64Array | null): ArrivalProcess;
export function arrivalProcess(rate: ArrivalRate, hours: HourOfWeekTable, end: number, dayFactor?: Float64Array | null): ArrivalSource;
export function arrivalProcess(
  rate: ArrivalRate,
  hours: HourOfWeekTable,
  end: number,
  dayFactor: Float64Array | null = null,
): ArrivalSource {
  if (rate.type === 'trace') return new TraceArrivals(rate.minutes, end);
  const factorOf = (i: number): number => {
    if (dayFactor === null) return 1;
    const f = dayFactor[hours.day[i]];
    return f === undefined ? 1 : f;
  };
  if (rate.type === 'poisson') {
    const perMinute = rate.perHour / 60;
    if (dayFactor === null) return new ArrivalProcess(new Float64Array([0]), new Float64Array([perMinute]), end);
    // One segment per run of equal factors (a local day, or several unmodified days).
    const starts: number[] = [];
    const rates: number[] = [];
    for (let i = 0; i < hours.count; i++) {
      const r = perMinute * factorOf(i);
      if (rates.length === 0 || rates[rates.length - 1] !== r) {
        starts.push(i === 0 ? 0 : hours.starts[i]);
        rates.push(r);
      }
    }
    return new ArrivalProcess(Float64Array.from(starts), Float64Array.from(rates), end);
  }
  const weights = rate.hourOfWeek ?? new Array<number>(168).fill(1);
  const total = weights.reduce((a, b) => a + b, 0);
  const perMinute = new Float64Array(hours.count);
  // Each local hour of the week gets its share of the weekly volume; a 25-hour DST day simply
  // has one more hour of demand, as a real desk would.
  for (let i = 0; i < hours.count; i++) {
    perMinute[i] = total > 0 ? ((rate.perWeek * weights[hours.hourOfWeek[i]]) / total / 60) * factorOf(i) : 0;
  }
  return new ArrivalProcess(hours.starts.subarray(0, hours.count), perMinute, end);
}

/**
 * An upper bound on a stream's expected arrivals over [0, end), to refuse scenarios that ask for
 * unbounded work before running them. For a weekly profile it is the smaller of the peak hour's
 * rate over the whole span and the volume of every week the span touches (plus 1% for a 25-hour
 * DST day), so a short run on the peak hour is not underestimated. A trace counts its instants.
 * With `modifiers`, the bound is scaled by the largest growth factor over the span and the largest
 * day multiplier (at least 1); day over-dispersion has mean 1 and does not change it.
 */
export function expectedArrivals(rate: ArrivalRate, end: number, modifiers?: DemandModifiers): number {
  if (rate.type === 'trace') return rate.minutes.length;
  let scale = 1;
  if (modifiers !== undefined) {
    const g = modifiers.growthPerYear;
    if (g > 0) scale *= Math.pow(1 + g, Math.ceil(end / 1440) / 365.25);
    let peakDay = 1;
    for (const d of modifiers.days) peakDay = Math.max(peakDay, d.multiplier);
    scale *= peakDay;
  }
  if (rate.type === 'poisson') return (rate.perHour / 60) * end * scale;
  const weights = rate.hourOfWeek;
  const total = weights ? weights.reduce((a, b) => a + b, 0) : 168;
  const peak = weights ? Math.max(...weights) : 1;
  const peakPerMinute = total > 0 ? (rate.perWeek * peak) / total / 60 : 0;
  const weeks = Math.ceil(end / (7 * 24 * 60)) + 1;
  return Math.min(peakPerMinute * end, rate.perWeek * weeks * 1.01) * scale;
}

/** One source of tickets the desk schedules: a demand stream, or one priority of an incident. */
export interface ResolvedStream extends Omit<ArrivalStream, 'arrivals'> {
  /** Share of this stream's tickets deflected by self-service (thinning: each arrival is dropped with this probability using its own random stream, so the surviving arrivals keep their instants). */
  deflectShare: number;
  /** Next arrival instant. */
  process: ArrivalSource;
}

export interface DemandContext {
  /** Epoch ms of the scenario start (its local `start` in `timeZone`). */
  startEpochMs: number;
  timeZone: string;
  /** No arrivals at or after this instant (simulation minutes: warm-up plus horizon). */
  end: number;
  /** Hour-of-week table over [0, end) from the same start and zone. */
  hours: HourOfWeekTable;
  seed: number | string;
  replication: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date (proleptic Gregorian, any year). */
function civilDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / DAY_MS);
}

function daysInMonth(year: number, month: number): number {
  return month === 12 ? civilDay(year + 1, 1, 1) - civilDay(year, 12, 1) : civilDay(year, month + 1, 1) - civilDay(year, month, 1);
}

/**
 * Volume multiplier of each local day 0..(last day of `hours`), or null when every day is 1
 * (no growth, no over-dispersion, no listed date inside the span):
 * (1 + growthPerYear)^(day / 365.25) x the product of the `days` multipliers on that date x,
 * when dayCv > 0, one gamma(mean 1, cv dayCv) draw per day from the stream 'demand:days', drawn
 * for day 0, 1, 2... in order and shared by every stream.
 */
export function demandDayFactors(
  modifiers: DemandModifiers,
  context: Pick<DemandContext, 'startEpochMs' | 'timeZone' | 'hours' | 'seed' | 'replication'>,
): Float64Array | null {
  const { growthPerYear: g, dayCv, days } = modifiers;
  if (!(Number.isFinite(g) && g > -1)) throw new RangeError(`demandModifiers.growthPerYear must be a finite number > -1, got ${g}`);
  if (!(Number.isFinite(dayCv) && dayCv >= 0)) throw new RangeError(`demandModifiers.dayCv must be a finite number >= 0, got ${dayCv}`);
  const hours = context.hours;
  let lastDay = 0;
  for (let i = 0; i < hours.count; i++) if (hours.day[i] > lastDay) lastDay = hours.day[i];
  const dayCount = lastDay + 1;
  const factors = new Float64Array(dayCount).fill(1);
  let modified = false;

  if (g !== 0) {
    for (let d = 0; d < dayCount; d++) factors[d] = Math.pow(1 + g, d / 365.25);
    modified = dayCount > 1;
  }
  if (days.length > 0) {
    const p = localParts(context.timeZone, context.startEpochMs);
    const first = civilDay(p.year, p.month, p.day);
    for (const entry of days) {
      const m = DATE.exec(entry.date);
      const label = entry.label ? ` (${entry.label})` : '';
      if (m === null || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > daysInMonth(+m[1], +m[2])) {
        throw new Error(`demandModifiers.days: malformed date '${entry.date}'${label}: expected a valid 'YYYY-MM-DD'`);
      }
      if (!(Number.isFinite(entry.multiplier) && entry.multiplier >= 0)) {
        throw new RangeError(`demandModifiers.days: multiplier of ${entry.date}${label} must be a finite number >= 0, got ${entry.multiplier}`);
      }
      const d = civilDay(+m[1], +m[2], +m[3]) - first;
      if (d >= 0 && d < dayCount && entry.multiplier !== 1) {
        factors[d] *= entry.multiplier;
        modified = true;
      }
    }
  }
  if (dayCv > 0) {
    const sampler = createSampler({ type: 'gamma', mean: 1, cv: dayCv });
    const u = createStream(context.seed, context.replication, 'demand:days');
    for (let d = 0; d < dayCount; d++) factors[d] *= sampler.sample(u);
    modified = true;
  }
  return modified ? factors : null;
}

/** Share deflected for a category: the first matching `deflection` entry, else 0. */
function deflectShareOf(scenario: Scenario, category: string): number {
  const entry = (scenario.deflection ?? []).find((d) => d.category === category);
  if (entry === undefined) return 0;
  if (!(Number.isFinite(entry.share) && entry.share >= 0 && entry.share <= 1)) {
    throw new RangeError(`deflection share of category '${category}' must lie in [0, 1], got ${entry.share}`);
  }
  return entry.share;
}

/** The sources of one incident: a constant-rate burst over its window (clipped to [0, end)), one per priority with weight > 0, P1 first. */
export function incidentStreams(incident: Incident, context: Pick<DemandContext, 'startEpochMs' | 'timeZone' | 'end'>): ResolvedStream[] {
  const what = `incident '${incident.name}'`;
  let startMs: number;
  try {
    startMs = parseLocalDateTime(incident.start, context.timeZone);
  } catch (e) {
    throw new Error(`${what}: start: ${(e as Error).message}`);
  }
  const { durationHours, tickets } = incident;
  if (!(Number.isFinite(durationHours) && durationHours > 0)) throw new RangeError(`${what}: durationHours must be > 0, got ${durationHours}`);
  if (!(Number.isFinite(tickets) && tickets >= 0)) throw new RangeError(`${what}: tickets must be a finite number >= 0, got ${tickets}`);
  let totalWeight = 0;
  for (const p of PRIORITIES) {
    const w = incident.priorityMix[p] ?? 0;
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`${what}: priorityMix.${p} must be a finite number >= 0, got ${w}`);
    totalWeight += w;
  }
  if (totalWeight === 0) return [];

  const from = (startMs - context.startEpochMs) / MINUTE_MS;
  const to = from + durationHours * 60;
  const lo = Math.max(0, from);
  const hi = Math.min(context.end, to);
  const perMinute = tickets / (durationHours * 60);
  const touches: Touches = {
    count: { type: 'fixed', value: 1 },
    followUp: incident.handleTime,
    customerDelay: { type: 'exponential', mean: 240 },
  };

  const out: ResolvedStream[] = [];
  for (const priority of PRIORITIES) {
    const w = incident.priorityMix[priority] ?? 0;
    if (w <= 0) continue;
    const rate = (perMinute * w) / totalWeight;
    let process: ArrivalProcess;
    if (!(hi > lo) || rate === 0) {
      process = new ArrivalProcess(new Float64Array([0]), new Float64Array([0]), context.end);
    } else {
      const starts = lo > 0 ? [0, lo] : [0];
      const rates = lo > 0 ? [0, rate] : [rate];
      if (hi < context.end) {
        starts.push(hi);
        rates.push(0);
      }
      process = new ArrivalProcess(Float64Array.from(starts), Float64Array.from(rates), context.end);
    }
    out.push({
      name: `incident:${incident.name}:${priority}`,
      channel: incident.channel,
      priority,
      category: incident.category,
      segment: incident.segment,
      entryTier: incident.entryTier,
      handleTime: incident.handleTime,
      touches,
      complexity: {},
      patience: null,
      deflectShare: 0,
      process,
    });
  }
  return out;
}

/** Every arrival source of a scenario for one replication, streams first (in scenario order), then incidents (in order, one source per priority with weight > 0 in the mix, P1 first). */
export function resolveDemand(scenario: Scenario, context: DemandContext): ResolvedStream[] {
  const modifiers = scenario.demandModifiers ?? { growthPerYear: 0, dayCv: 0, days: [] };
  const needsFactors = scenario.demand.some((s) => s.arrivals.type !== 'trace');
  const factors = needsFactors ? demandDayFactors(modifiers, context) : null;
  const out: ResolvedStream[] = [];
  for (const s of scenario.demand) {
    out.push({
      name: s.name,
      channel: s.channel,
      priority: s.priority,
      category: s.category,
      segment: s.segment,
      entryTier: s.entryTier,
      handleTime: s.handleTime,
      touches: s.touches,
      complexity: s.complexity,
      patience: s.patience,
      deflectShare: deflectShareOf(scenario, s.category),
      process: arrivalProcess(s.arrivals, context.hours, context.end, factors),
    });
  }
  for (const incident of scenario.incidents ?? []) out.push(...incidentStreams(incident, context));
  return out;
}
