import { WEEKDAYS } from '../model/calendar.js';
import { MINUTES_PER_HOUR, MINUTES_PER_WEEK, type HistoryTicket } from './history.js';

/**
 * People on duty per group and hour of week, estimated from a log's activity when no roster is
 * given: in each hour of each week used, the distinct agents who updated a ticket of the group;
 * averaged over the weeks. An agent who worked but touched no ticket in an hour is missed, so
 * this is a lower bound on presence (and an upper bound is not knowable from a log).
 */
export function activeAgentsByHour(
  tickets: readonly HistoryTicket[],
  groupOf: (historyGroup: string) => string,
  groupNames: readonly string[],
  weeks: readonly number[],
): Map<string, Float64Array> {
  const weekIndex = new Map<number, number>();
  weeks.forEach((w, i) => weekIndex.set(w, i));
  const seen = new Map<string, Set<string>>();
  for (const t of tickets) {
    if (t.activity === undefined) continue;
    for (const a of t.activity) {
      const hourStart = Math.floor(a.at / MINUTES_PER_HOUR) * MINUTES_PER_HOUR;
      const offset = ((hourStart % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
      // Epoch minute 0 is a Thursday: shift by 3 days to count weeks from Monday.
      const mondayOffset = (offset + 3 * 1440) % MINUTES_PER_WEEK;
      const week = hourStart - mondayOffset;
      if (!weekIndex.has(week)) continue;
      const key = `${groupOf(a.group)}|${hourStart}`;
      let agents = seen.get(key);
      if (agents === undefined) {
        agents = new Set();
        seen.set(key, agents);
      }
      agents.add(a.agent);
    }
  }
  const result = new Map<string, Float64Array>();
  for (const g of groupNames) result.set(g, new Float64Array(168));
  for (const [key, agents] of seen) {
    const bar = key.lastIndexOf('|');
    const group = key.slice(0, bar);
    const hourStart = +key.slice(bar + 1);
    const offset = ((hourStart % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    const how = Math.floor(((offset + 3 * 1440) % MINUTES_PER_WEEK) / MINUTES_PER_HOUR);
    const row = result.get(group);
    if (row !== undefined) row[how] += agents.size / weeks.length;
  }
  return result;
}

export interface ShiftSpec {
  name: string;
  days: Array<(typeof WEEKDAYS)[number]>;
  from: string;
  to: string;
  headcount: number;
}

const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * Weekly shifts that put `headcount[h]` people on duty in hour h: each day's runs of equal
 * headcount become windows, and windows equal on several days become one shift. When that makes
 * more than `maxShifts`, headcounts are rounded to coarser steps until it fits.
 */
export function shiftsFor(headcount: ArrayLike<number>, maxShifts = 50): ShiftSpec[] {
  for (let step = 1; step <= 1000; step++) {
    const level = (h: number) => {
      const v = headcount[h];
      // Fewer than half a person on average: nobody is rostered then (the hour's tickets wait).
      if (!(v >= 0.5)) return 0;
      return Math.max(step, Math.round(v / step) * step);
    };
    const windows = new Map<string, Array<(typeof WEEKDAYS)[number]>>();
    for (let d = 0; d < 7; d++) {
      let h = 0;
      while (h < 24) {
        const n = level(d * 24 + h);
        let end = h + 1;
        while (end < 24 && level(d * 24 + end) === n) end++;
        if (n > 0) {
          const key = `${h}|${end}|${n}`;
          const days = windows.get(key) ?? [];
          days.push(WEEKDAYS[d]);
          windows.set(key, days);
        }
        h = end;
      }
    }
    if (windows.size <= maxShifts) {
      return [...windows].map(([key, days], i) => {
        const [from, to, n] = key.split('|').map(Number);
        return { name: `shift ${i + 1} ${String(from).padStart(2, '0')}h-${String(to).padStart(2, '0')}h`, days, from: hhmm(from), to: to === 24 ? '24:00' : hhmm(to), headcount: n };
      });
    }
  }
  throw new Error('shiftsFor: cannot fit the roster in the shift limit');
}
