/**
 * Business calendars and weekly shift windows as precomputed interval tables.
 *
 * Calendars are asked questions (is the desk open, when does the SLA clock next tick, when
 * does a 4-business-hour deadline fall) at every ticket event, so the zone arithmetic is done
 * once per run: weekly windows are expanded into sorted intervals in simulation minutes, and a
 * prefix sum of open minutes turns every question into a binary search.
 */

import { isValidTimeZone, utcOffsetMs, wallClockToEpochMs } from '../time/zone.js';
import { lastAtOrBefore } from '../time/search.js';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Open from `from` to `to` local wall time on each of `days`. 'HH:MM', '24:00' allowed for `to`; to <= from means the window runs past midnight into the next day (a night shift 22:00-06:00 that starts on Mon ends Tue 06:00). */
export interface WeeklyWindow {
  days: Weekday[];
  from: string;
  to: string;
}

export interface CalendarSpec {
  timeZone: string;
  weekly: WeeklyWindow[];
  /** Local dates 'YYYY-MM-DD' on which windows that START that day do not open. */
  holidays?: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

const HH_MM = /^(\d{2}):(\d{2})$/;
const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseClock(text: unknown, allow24: boolean, where: string): number {
  const m = typeof text === 'string' ? HH_MM.exec(text) : null;
  if (m !== null) {
    const h = +m[1];
    const mi = +m[2];
    if (h < 24 && mi < 60) return h * 60 + mi;
    if (allow24 && h === 24 && mi === 0) return MINUTES_PER_DAY;
  }
  throw new Error(`${where}: malformed time '${String(text)}': expected 'HH:MM' from 00:00 to 23:59${allow24 ? " or '24:00'" : ''}`);
}

/** Days since 1970-01-01 of a proleptic Gregorian date. Arithmetic rather than Date.UTC, which reads years 0..99 as 1900..1999. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseHoliday(text: unknown): number {
  const m = typeof text === 'string' ? YYYY_MM_DD.exec(text) : null;
  if (m !== null) {
    const y = +m[1];
    const mo = +m[2];
    const d = +m[3];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return daysFromCivil(y, mo, d);
  }
  throw new Error(`Calendar holiday '${String(text)}' is not a valid date: expected 'YYYY-MM-DD'`);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

interface ParsedWindow {
  /** Bit i set: the window opens on WEEKDAYS[i]. */
  dayMask: number;
  from: number;
  /** Wall minutes after the start day's midnight; past 1440 for windows that cross midnight. */
  to: number;
}

function parseSpec(spec: CalendarSpec): { timeZone: string; windows: ParsedWindow[]; holidays: Set<number> } {
  if (spec === null || typeof spec !== 'object') throw new Error('Calendar spec must be an object');
  const timeZone = spec.timeZone;
  if (!isValidTimeZone(timeZone)) {
    throw new Error(`Calendar time zone '${String(timeZone)}' is unknown: expected an IANA name such as 'Europe/Paris'`);
  }
  if (!Array.isArray(spec.weekly)) throw new Error('Calendar spec: weekly must be an array of windows');
  const windows = spec.weekly.map((w, i): ParsedWindow => {
    const where = `Calendar window ${i}`;
    if (w === null || typeof w !== 'object' || !Array.isArray(w.days)) throw new Error(`${where}: days must be an array of weekdays`);
    let dayMask = 0;
    for (const d of w.days) {
      const idx = (WEEKDAYS as readonly string[]).indexOf(d);
      if (idx < 0) throw new Error(`${where}: unknown weekday '${String(d)}': expected one of ${WEEKDAYS.join(', ')}`);
      dayMask |= 1 << idx;
    }
    const from = parseClock(w.from, false, where);
    let to = parseClock(w.to, true, where);
    if (to <= from) to += MINUTES_PER_DAY;
    return { dayMask, from, to };
  });
  const holidays = new Set<number>();
  if (spec.holidays !== undefined) {
    if (!Array.isArray(spec.holidays)) throw new Error('Calendar spec: holidays must be an array of dates');
    for (const h of spec.holidays) holidays.add(parseHoliday(h));
  }
  return { timeZone, windows, holidays };
}

function checkRange(startEpochMs: number, spanMinutes: number): void {
  if (!Number.isFinite(startEpochMs)) throw new RangeError(`startEpochMs must be finite, got ${startEpochMs}`);
  if (!Number.isFinite(spanMinutes) || spanMinutes < 0) {
    throw new RangeError(`spanMinutes must be a finite number >= 0, got ${spanMinutes}`);
  }
}

/** Every window occurrence overlapping [0, span), clipped to it, sorted by open then close. */
function occurrences(spec: CalendarSpec, startEpochMs: number, spanMinutes: number): { opens: Float64Array; closes: Float64Array } {
  const { timeZone, windows, holidays } = parseSpec(spec);
  checkRange(startEpochMs, spanMinutes);
  const endMs = startEpochMs + spanMinutes * MINUTE_MS;
  // A window lasts at most 24 wall hours, so one that opened two local days before the start
  // is over by then; the extra day on each side also absorbs offset changes near the ends.
  const firstDay = Math.floor((startEpochMs + utcOffsetMs(timeZone, startEpochMs)) / DAY_MS) - 2;
  const lastDay = Math.floor((endMs + utcOffsetMs(timeZone, endMs)) / DAY_MS) + 1;

  // Consecutive windows share boundaries (17:00 closes one, opens the next), and each
  // conversion costs several Intl calls.
  const converted = new Map<number, number>();
  const toSim = (wallMs: number): number => {
    let t = converted.get(wallMs);
    if (t === undefined) {
      t = (wallClockToEpochMs(wallMs, timeZone) - startEpochMs) / MINUTE_MS;
      converted.set(wallMs, t);
    }
    return t;
  };

  const pairs: number[][] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (holidays.has(day)) continue;
    // Day 0 (1970-01-01) was a Thursday, which is 3 when Monday is 0.
    const bit = 1 << ((((day + 3) % 7) + 7) % 7);
    const midnight = day * DAY_MS;
    for (const w of windows) {
      if ((w.dayMask & bit) === 0) continue;
      const open = Math.max(0, toSim(midnight + w.from * MINUTE_MS));
      const close = Math.min(spanMinutes, toSim(midnight + w.to * MINUTE_MS));
      // Empty after clipping, or emptied by a spring-forward gap: 02:30-03:00 on that day in
      // New York opens at 03:30 (the gap maps forward) but closes at 03:00.
      if (close > open) pairs.push([open, close]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const opens = new Float64Array(pairs.length);
  const closes = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    opens[i] = pairs[i][0];
    closes[i] = pairs[i][1];
  }
  return { opens, closes };
}

/** Opening intervals in simulation minutes since startEpochMs, sorted, overlapping/adjacent ones merged, clipped to [0, spanMinutes). */
export function openIntervals(spec: CalendarSpec, startEpochMs: number, spanMinutes: number): { opens: Float64Array; closes: Float64Array } {
  const occ = occurrences(spec, startEpochMs, spanMinutes);
  return mergeSorted(occ.opens, occ.closes);
}

/** Like openIntervals but NOT merged: one interval per window occurrence (for shifts: each is one shift of one person pattern), sorted by open time; a window occurrence that started before 0 but is still open at 0 is included, clipped to start at 0 (and one still open at spanMinutes is clipped to end there). */
export function windowOccurrences(spec: CalendarSpec, startEpochMs: number, spanMinutes: number): { opens: Float64Array; closes: Float64Array } {
  return occurrences(spec, startEpochMs, spanMinutes);
}

function mergeSorted(opens: Float64Array, closes: Float64Array): { opens: Float64Array; closes: Float64Array } {
  const o: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < opens.length; i++) {
    const n = c.length;
    if (n > 0 && opens[i] <= c[n - 1]) {
      if (closes[i] > c[n - 1]) c[n - 1] = closes[i];
    } else {
      o.push(opens[i]);
      c.push(closes[i]);
    }
  }
  return { opens: Float64Array.from(o), closes: Float64Array.from(c) };
}

export class Calendar {
  /** 24x7: one interval [0, span). */
  static always(spanMinutes: number): Calendar {
    checkRange(0, spanMinutes);
    return spanMinutes > 0
      ? new Calendar(Float64Array.of(0), Float64Array.of(spanMinutes), spanMinutes)
      : new Calendar(new Float64Array(0), new Float64Array(0), spanMinutes);
  }

  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  declare readonly spanMinutes: number;
  /** Number of open intervals. */
  declare readonly intervals: number;
  declare readonly opens: Float64Array;
  declare readonly closes: Float64Array;
  /** cum[i] = open minutes before opens[i]; cum[intervals] = all open minutes in the table. */
  private declare readonly cum: Float64Array;

  /** Intervals [opens[i], closes[i]) must be non-empty, sorted, non-overlapping and within [0, spanMinutes]; adjacent ones are merged so that every close is a real closing. */
  constructor(opens: Float64Array, closes: Float64Array, spanMinutes: number) {
    checkRange(0, spanMinutes);
    if (opens.length !== closes.length) throw new Error(`Calendar: ${opens.length} opens but ${closes.length} closes`);
    for (let i = 0; i < opens.length; i++) {
      const o = opens[i];
      const c = closes[i];
      if (!(o >= 0 && o < c && c <= spanMinutes)) {
        throw new Error(`Calendar: interval ${i} [${o}, ${c}) is empty or outside [0, ${spanMinutes}]`);
      }
      if (i > 0 && o < closes[i - 1]) throw new Error(`Calendar: interval ${i} starts at ${o}, before interval ${i - 1} closes at ${closes[i - 1]}`);
    }
    const merged = mergeSorted(opens, closes);
    this.opens = merged.opens;
    this.closes = merged.closes;
    this.spanMinutes = spanMinutes;
    this.intervals = merged.opens.length;
    const cum = new Float64Array(this.intervals + 1);
    for (let i = 0; i < this.intervals; i++) cum[i + 1] = cum[i] + (this.closes[i] - this.opens[i]);
    this.cum = cum;
  }

  /** Index of the last interval opening at or before t; -1 if none. */
  private indexAt(t: number): number {
    if (Number.isNaN(t)) throw new RangeError('Calendar: time is NaN');
    return lastAtOrBefore(this.opens, this.intervals, t);
  }

  isOpen(t: number): boolean {
    const i = this.indexAt(t);
    return i >= 0 && t < this.closes[i];
  }

  /** t itself if open, else the next opening; Infinity if none before the span ends. */
  nextOpen(t: number): number {
    const i = this.indexAt(t);
    if (i >= 0 && t < this.closes[i]) return t;
    return i + 1 < this.intervals ? this.opens[i + 1] : Number.POSITIVE_INFINITY;
  }

  /** If open: the end of the current interval; else the end of the next one; Infinity if none. A close at spanMinutes may only be the end of the table. */
  nextClose(t: number): number {
    const i = this.indexAt(t);
    if (i >= 0 && t < this.closes[i]) return this.closes[i];
    return i + 1 < this.intervals ? this.closes[i + 1] : Number.POSITIVE_INFINITY;
  }

  /** Open minutes in [t1, t2); 0 if t2 <= t1. */
  businessMinutesBetween(t1: number, t2: number): number {
    if (Number.isNaN(t1) || Number.isNaN(t2)) throw new RangeError('Calendar: time is NaN');
    if (!(t2 > t1)) return 0;
    const i = this.indexAt(t1);
    const j = this.indexAt(t2);
    if (j < 0) return 0;
    const closes = this.closes;
    if (i === j) return Math.max(0, Math.min(t2, closes[j]) - Math.max(t1, this.opens[j]));
    // Partial first interval, whole ones in between, partial last: summed piecewise rather
    // than as a difference of two large prefix sums, which keeps short spans exact.
    const head = i >= 0 ? Math.max(0, closes[i] - t1) : 0;
    const middle = this.cum[j] - this.cum[i + 1];
    const tail = Math.min(t2, closes[j]) - this.opens[j];
    return head + middle + tail;
  }

  /** The instant at which `minutes` business minutes after t have elapsed: t for 0, else the earliest u with businessMinutesBetween(t, u) = minutes (so a deadline that uses up an interval exactly falls on its close); Infinity if beyond the table. */
  addBusinessMinutes(t: number, minutes: number): number {
    if (!(minutes >= 0) || minutes === Number.POSITIVE_INFINITY) {
      throw new RangeError(`Calendar: business minutes must be a finite number >= 0, got ${minutes}`);
    }
    const i = this.indexAt(t);
    if (minutes === 0) return t;
    let remaining = minutes;
    if (i >= 0 && t < this.closes[i]) {
      const left = this.closes[i] - t;
      if (remaining <= left) return t + remaining;
      remaining -= left;
    }
    // First interval j > i by which the whole remainder has elapsed.
    const cum = this.cum;
    const base = cum[i + 1];
    const n = this.intervals;
    if (cum[n] - base < remaining) return Number.POSITIVE_INFINITY;
    let lo = i; // cum[lo + 1] - base < remaining (vacuously for lo = i)
    let hi = n - 1; // cum[hi + 1] - base >= remaining
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid + 1] - base >= remaining) hi = mid;
      else lo = mid;
    }
    const into = remaining - (cum[hi] - base);
    return Math.min(this.closes[hi], this.opens[hi] + into);
  }
}

export function buildCalendar(spec: CalendarSpec, startEpochMs: number, spanMinutes: number): Calendar {
  const { opens, closes } = openIntervals(spec, startEpochMs, spanMinutes);
  return new Calendar(opens, closes, spanMinutes);
}
