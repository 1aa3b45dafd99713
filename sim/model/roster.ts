import { windowOccurrences } from './calendar.js';
import type { Scenario } from './scenario.js';

/**
 * Who is rostered when. Each shift pattern of a group becomes its list of occurrences (start and
 * end in simulation minutes, DST and the group's time zone included); the people of a pattern
 * share its occurrences. A group without shifts is on duty around the clock.
 */
export interface Roster {
  /** People per group (engineering has none). */
  headcounts: number[];
  /** Pattern index of each agent, -1 for around the clock. */
  patternOf: Int32Array;
  opens: Float64Array[];
  closes: Float64Array[];
}

export function buildRoster(scenario: Scenario, startEpochMs: number, end: number): Roster {
  const headcounts: number[] = [];
  const patternOf: number[] = [];
  const opens: Float64Array[] = [];
  const closes: Float64Array[] = [];
  for (const group of scenario.groups) {
    if (group.tier === 'engineering') {
      headcounts.push(0);
      continue;
    }
    if (group.shifts.length === 0) {
      headcounts.push(group.headcount);
      for (let k = 0; k < group.headcount; k++) patternOf.push(-1);
      continue;
    }
    let people = 0;
    for (const shift of group.shifts) {
      const occurrences = windowOccurrences(
        { timeZone: group.timeZone, weekly: [{ days: shift.days, from: shift.from, to: shift.to }] },
        startEpochMs,
        end,
      );
      const pattern = opens.length;
      opens.push(occurrences.opens);
      closes.push(occurrences.closes);
      for (let k = 0; k < shift.headcount; k++) patternOf.push(pattern);
      people += shift.headcount;
    }
    headcounts.push(people);
  }
  return { headcounts, patternOf: Int32Array.from(patternOf), opens, closes };
}
