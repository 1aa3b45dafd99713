/**
 * Simulation minutes -> local hour of week, precomputed as a piecewise-constant table.
 *
 * Arrival rates and rosters are keyed by local hour of week, and the engine asks for the
 * current hour at every rate change; a table built once per run turns each question into an
 * index bump (or a binary search after a jump) instead of a trip through Intl.
 */

import { utcOffsetMs } from './zone.js';
import { lastAtOrBefore } from './search.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Piecewise-constant map from simulation minutes to local hour of week (0 = Monday 00:00-00:59 local, 167 = Sunday 23:00-23:59).
 * Segment i covers [starts[i], starts[i+1]) in simulation minutes since startEpochMs; the last runs to horizonMinutes. starts[0] = 0.
 * Boundaries fall where local wall-clock hours change, so DST days have 23 or 25 hourly segments, and zones with :30/:45 offsets work. */
export interface HourOfWeekTable {
  starts: Float64Array;
  hourOfWeek: Uint8Array;
  /** Local calendar day of each segment: whole local dates since the local date of the start (the first segment is day 0).
   *  It steps at local midnight (which is always a segment boundary), so day-level multipliers stay piecewise constant per
   *  segment; it never decreases in real zones (a DST change at midnight repeats 23:00 of the same date or skips to 01:00). */
  day: Int32Array;
  count: number;
}

/** Hour of week of a wall time expressed as ms since 1970-01-01T00:00 wall clock. */
function hourOfWeekOfWall(wallMs: number): number {
  const days = Math.floor(wallMs / DAY_MS);
  // 1970-01-01 was a Thursday, which is 3 when Monday is 0.
  const weekday = (((days + 3) % 7) + 7) % 7;
  return weekday * 24 + Math.floor((wallMs - days * DAY_MS) / HOUR_MS);
}

/**
 * Earliest instant in (lo, hi] whose offset differs from `off`, given that lo has `off` and hi
 * does not. Assumes one transition in the interval, which holds for any real zone over an hour.
 */
function firstChange(timeZone: string, lo: number, hi: number, off: number): number {
  const changed = (ms: number): boolean => utcOffsetMs(timeZone, ms) !== off;
  // Modern transitions sit on whole UTC minutes, so ~6 probes over the minute grid suffice.
  let a = Math.floor(lo / MINUTE_MS);
  let b = Math.ceil(hi / MINUTE_MS);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (changed(mid * MINUTE_MS)) b = mid;
    else a = mid;
  }
  let t = b * MINUTE_MS;
  // Local-mean-time offsets of the 19th century carry seconds, so their transitions do too;
  // one extra probe detects that and a second-grid search pins the instant.
  if (t - SECOND_MS > lo && changed(t - SECOND_MS)) {
    let a2 = Math.max(Math.floor(lo / SECOND_MS), a * 60);
    let b2 = b * 60;
    while (b2 - a2 > 1) {
      const mid = Math.floor((a2 + b2) / 2);
      if (changed(mid * SECOND_MS)) b2 = mid;
      else a2 = mid;
    }
    t = b2 * SECOND_MS;
  }
  return Math.min(t, hi);
}

export function hourOfWeekTable(startEpochMs: number, timeZone: string, horizonMinutes: number): HourOfWeekTable {
  if (!Number.isFinite(startEpochMs)) throw new RangeError(`startEpochMs must be finite, got ${startEpochMs}`);
  if (!Number.isFinite(horizonMinutes) || horizonMinutes < 0) {
    throw new RangeError(`horizonMinutes must be a finite number >= 0, got ${horizonMinutes}`);
  }
  const endMs = startEpochMs + horizonMinutes * MINUTE_MS;
  const starts: number[] = [0];
  const hours: number[] = [];
  const days: number[] = [];

  // Walk from local hour to local hour assuming the offset holds, and ask Intl only at each
  // candidate boundary whether it still does; a mismatch means a transition inside the step.
  let u = startEpochMs;
  let off = utcOffsetMs(timeZone, u);
  let wall = u + off;
  let how = hourOfWeekOfWall(wall);
  const firstDay = Math.floor(wall / DAY_MS);
  hours.push(how);
  days.push(0);

  for (;;) {
    const nextWall = Math.floor(wall / HOUR_MS) * HOUR_MS + HOUR_MS;
    const candidate = nextWall - off;
    // Probing at the horizon when the step overshoots it still catches a transition just before the end.
    const probe = Math.min(candidate, endMs);
    if (probe <= u) break;
    const probeOff = utcOffsetMs(timeZone, probe);
    if (probeOff === off) {
      if (candidate >= endMs) break;
      u = candidate;
      wall = nextWall;
      how = hourOfWeekOfWall(wall);
      starts.push((u - startEpochMs) / MINUTE_MS);
      hours.push(how);
      days.push(Math.floor(wall / DAY_MS) - firstDay);
      continue;
    }
    const t = firstChange(timeZone, u, probe, off);
    if (t >= endMs) break;
    const newOff = utcOffsetMs(timeZone, t);
    const newWall = t + newOff;
    const newHow = hourOfWeekOfWall(newWall);
    // A jump into another hour starts a segment (spring forward: 01:59 -> 03:00). So does one
    // that lands exactly on an hour, even the same one: after a fall-back 01:00 comes around
    // again and callers that count hours need to see it twice. A jump into the middle of the
    // current hour (Lord Howe: 02:00 -> 01:30) just lengthens it.
    if (newHow !== how || newWall % HOUR_MS === 0) {
      how = newHow;
      starts.push((t - startEpochMs) / MINUTE_MS);
      hours.push(how);
      days.push(Math.floor(newWall / DAY_MS) - firstDay);
    }
    u = t;
    off = newOff;
    wall = newWall;
  }

  return {
    starts: Float64Array.from(starts),
    hourOfWeek: Uint8Array.from(hours),
    day: Int32Array.from(days),
    count: starts.length,
  };
}

/** Index of the segment containing t (binary search), for callers that jump.
 *  Times before 0 map to the first segment and times at or past the horizon to the last. */
export function segmentAt(table: HourOfWeekTable, t: number): number {
  if (Number.isNaN(t)) throw new RangeError('segmentAt: t is NaN');
  return Math.max(0, lastAtOrBefore(table.starts, table.count, t));
}
