/**
 * Index of the last of the first `count` sorted values that is <= t, or -1 when none is: the
 * lookup behind interval tables (calendars, hour-of-week segments).
 */
export function lastAtOrBefore(sorted: Float64Array, count: number, t: number): number {
  let lo = -1;
  let hi = count;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
