import { hourOfWeekOfWall, MINUTES_PER_DAY, MINUTES_PER_WEEK, weekStartOfWall, type HistoryTicket } from './history.js';

/**
 * Arrival volume of a history: which weeks are complete, tickets a week, the hour-of-week
 * profile and day-level over-dispersion.
 *
 * Exports are cut at both ends: a log that holds closed tickets only thins out in its last weeks
 * (tickets opened then were still open when it was taken: right-censoring), and the first and
 * last calendar weeks are usually partial. A week counts as complete when its calendar span lies
 * inside the history and its count reaches `minWeekShare` of the typical week; the others are
 * left out of every volume figure (and reported).
 */
export interface VolumeFit {
  /** Monday 00:00 (wall minutes) of each week used. */
  weeks: number[];
  weeklyCounts: number[];
  excludedWeeks: number;
  ticketsPerWeek: number;
  /** Tickets created in the weeks used (the base of every share). */
  inWeeks: HistoryTicket[];
  /** 168 shares summing to 1, Monday 00:00-01:00 first. */
  hourOfWeek: number[];
  /** Day-level coefficient of variation beyond Poisson (0 when the days vary no more than Poisson). */
  dayCv: number;
}

export function fitVolume(tickets: readonly HistoryTicket[], minWeekShare = 0.7): VolumeFit {
  if (tickets.length === 0) throw new Error('fitVolume: no tickets');
  const first = tickets[0].created;
  const last = tickets[tickets.length - 1].created;
  const counts = new Map<number, number>();
  for (const t of tickets) {
    const w = weekStartOfWall(t.created);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const allWeeks: number[] = [];
  for (let w = weekStartOfWall(first); w <= last; w += MINUTES_PER_WEEK) allWeeks.push(w);
  // A week is whole when the history covers it from Monday 00:00 to Sunday 24:00 (give or take
  // half a day: the first ticket of a Monday rarely comes in at midnight).
  const whole = allWeeks.filter((w) => w >= first - 12 * 60 && w + MINUTES_PER_WEEK <= last + 12 * 60);
  const pool = whole.length > 0 ? whole : allWeeks;
  // The typical week as a ticket sees it (the count-weighted median week): a long thin tail of
  // stragglers cannot drag it down the way it drags down the plain median.
  const byCount = pool.map((w) => counts.get(w) ?? 0).sort((a, b) => a - b);
  const total = byCount.reduce((a, b) => a + b, 0);
  let median = byCount[byCount.length - 1];
  for (let i = 0, seen = 0; i < byCount.length; i++) {
    seen += byCount[i];
    if (seen >= total / 2) {
      median = byCount[i];
      break;
    }
  }
  let weeks = pool.filter((w) => (counts.get(w) ?? 0) >= minWeekShare * median && (counts.get(w) ?? 0) > 0);
  if (weeks.length === 0) weeks = allWeeks.filter((w) => (counts.get(w) ?? 0) > 0);
  const weekSet = new Set(weeks);
  const inWeeks = tickets.filter((t) => weekSet.has(weekStartOfWall(t.created)));
  const weeklyCounts = weeks.map((w) => counts.get(w) ?? 0);
  const ticketsPerWeek = inWeeks.length / weeks.length;

  const hours = new Float64Array(168);
  for (const t of inWeeks) hours[hourOfWeekOfWall(t.created)]++;
  const hourOfWeek = Array.from(hours, (c) => c / inWeeks.length);

  // Day-level over-dispersion: each day's count over its expectation (the week's hour profile
  // times the weekly mean) has variance 1/E (Poisson) + dayCv^2 (the gamma day factor).
  const dayShare = new Float64Array(7);
  for (let h = 0; h < 168; h++) dayShare[Math.floor(h / 24)] += hourOfWeek[h];
  const dayCounts = new Map<number, number>();
  for (const t of inWeeks) {
    const d = Math.floor(t.created / MINUTES_PER_DAY);
    dayCounts.set(d, (dayCounts.get(d) ?? 0) + 1);
  }
  let sumRatio = 0;
  let sumRatio2 = 0;
  let sumInvE = 0;
  let days = 0;
  for (const w of weeks) {
    for (let k = 0; k < 7; k++) {
      const expected = ticketsPerWeek * dayShare[k];
      if (expected < 1) continue;
      const day = Math.floor(w / MINUTES_PER_DAY) + k;
      const ratio = (dayCounts.get(day) ?? 0) / expected;
      sumRatio += ratio;
      sumRatio2 += ratio * ratio;
      sumInvE += 1 / expected;
      days++;
    }
  }
  let dayCv = 0;
  if (days >= 7) {
    const m = sumRatio / days;
    const variance = sumRatio2 / days - m * m;
    dayCv = Math.sqrt(Math.max(0, variance - sumInvE / days));
  }
  return {
    weeks,
    weeklyCounts,
    excludedWeeks: allWeeks.length - weeks.length,
    ticketsPerWeek,
    inWeeks,
    hourOfWeek,
    dayCv: Math.min(2, dayCv),
  };
}
