/**
 * Shift patterns and the integer program that staffs them (the capacity planner's item 3).
 *
 * A shift pattern is a weekly window (days, from, to) in a group's time zone, like the scenario's
 * own `shifts`. Given candidate patterns and a per-hour requirement (people to schedule in each
 * hour of the week, from ./requirements.ts), `solveCover` chooses how many people work each
 * pattern so that every hour is covered at least cost:
 *
 *   minimise    sum_p cost_p x_p                  (cost_p = paid hours a week x rate; among equal
 *                                                  costs, fewer people)
 *   subject to  sum_{p covers h} x_p >= req_h     for every hour h with req_h > 0 that some pattern covers
 *               min_p <= x_p <= max_p, x_p integer
 *
 * The program is written in CPLEX LP format and handed to an `LpSolver`. `highsSolver()` loads
 * the HiGHS solver (the npm package `highs`, a WebAssembly build of the University of Edinburgh's
 * MIP solver) lazily, so importing this module costs nothing and stays platform-neutral: Node
 * finds highs.wasm beside the package; a browser passes `locateFile` (or its own solver).
 * Hours that no pattern covers cannot be staffed by the group: they are left out of the program
 * and reported in `uncovered`.
 *
 * Pure TypeScript apart from that lazy import: no Node APIs, no randomness.
 */

import { WEEKDAYS, type Weekday } from '../model/calendar.js';

export const HOURS_PER_WEEK = 168;
const MINUTES_PER_WEEK = HOURS_PER_WEEK * 60;

/** A weekly shift window, as in a scenario's `groups[].shifts` (without the headcount). */
export interface ShiftPattern {
  name: string;
  days: Weekday[];
  /** Local start 'HH:MM'. */
  from: string;
  /** Local end 'HH:MM' ('24:00' allowed); at or before `from` the shift ends the next day. */
  to: string;
}

function clockMinutes(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`expected a time 'HH:MM', got ${JSON.stringify(text)}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440 || Number(m[2]) > 59) throw new RangeError(`expected a time from 00:00 to 24:00, got ${JSON.stringify(text)}`);
  return minutes;
}

function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Start (minutes from 00:00) and length (minutes) of one day's occurrence of a window. */
export function windowSpan(from: string, to: string): { start: number; length: number } {
  const start = clockMinutes(from) % 1440;
  let end = clockMinutes(to);
  if (end <= start) end += 1440; // ends the next day ('08:00'-'08:00' is a 24-hour shift)
  return { start, length: end - start };
}

/** Paid hours a week of one person on the pattern (breaks are paid). */
export function paidHoursPerWeek(pattern: Pick<ShiftPattern, 'days' | 'from' | 'to'>): number {
  return (new Set(pattern.days).size * windowSpan(pattern.from, pattern.to).length) / 60;
}

/**
 * Minutes of each hour of the week (0 = Monday 00:00-00:59) a window covers, in a zone
 * `offsetHours` ahead of the window's own (the scenario's zone when the group works in another
 * one: hour h there is hour h - offsetHours in the group's zone).
 */
export function coverageMinutes(window: Pick<ShiftPattern, 'days' | 'from' | 'to'>, offsetHours = 0): number[] {
  const minutes = new Array<number>(HOURS_PER_WEEK).fill(0);
  const { start, length } = windowSpan(window.from, window.to);
  for (const day of new Set(window.days)) {
    const d = WEEKDAYS.indexOf(day);
    if (d < 0) throw new RangeError(`unknown weekday ${JSON.stringify(day)}`);
    const from = d * 1440 + start + offsetHours * 60;
    for (let t = from; t < from + length; ) {
      const hourStart = Math.floor(t / 60) * 60;
      const upTo = Math.min(hourStart + 60, from + length);
      const h = ((((hourStart / 60) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK) | 0;
      minutes[h] = Math.min(60, minutes[h] + (upTo - t));
      t = upTo;
    }
  }
  return minutes;
}

/** Hours of the week a window covers for at least half of the hour. */
export function coveredHours(window: Pick<ShiftPattern, 'days' | 'from' | 'to'>, offsetHours = 0): boolean[] {
  return coverageMinutes(window, offsetHours).map((m) => m >= 30);
}

// ---------------------------------------------------------------- the integer program

/** What the cover program needs of a pattern. */
export interface CoverPattern {
  name: string;
  /** Cost of one person on the pattern for a week. */
  cost: number;
  /** The 168 hours of the week (the requirement's zone) the pattern covers. */
  hours: readonly boolean[];
  /** Fewest people on the pattern (default 0). */
  min?: number;
  /** Most people on the pattern (default: no limit). */
  max?: number;
}

export interface CoverProblem {
  patterns: readonly CoverPattern[];
  /** People needed in each of the 168 hours (rounded up to whole people). */
  requirement: readonly number[];
}

export interface CoverSolution {
  /** People on each pattern, in the order of `patterns`. */
  counts: number[];
  cost: number;
  /** 'optimal', or the solver's status when it stopped early with a usable solution. */
  status: string;
  /** Hours with a requirement that no pattern covers (the group cannot staff them). */
  uncovered: number[];
  /** The program as sent to the solver, for inspection. */
  lp: string;
}

/** A MIP solver for CPLEX LP text: the status, the objective and the value of every variable. */
export type LpSolver = (lp: string) => Promise<LpResult> | LpResult;

export interface LpResult {
  /** HiGHS's words: 'Optimal', 'Infeasible', 'Time limit reached', ... */
  status: string;
  objective: number;
  values: Record<string, number>;
}

function lpNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`the cover program needs finite numbers, got ${x}`);
  // LP format reads plain decimals; 12 significant digits are plenty for costs.
  return Number(x.toPrecision(12)).toString();
}

/** The cover program in CPLEX LP format (variables x0, x1, ...; one row h<hour> per covered hour). */
export function coverProgram(problem: CoverProblem): { lp: string; uncovered: number[] } {
  const { patterns, requirement } = problem;
  if (requirement.length !== HOURS_PER_WEEK) throw new RangeError(`the requirement has ${requirement.length} hours, expected ${HOURS_PER_WEEK}`);
  if (patterns.length === 0) throw new RangeError('the cover program needs at least one pattern');
  patterns.forEach((p, i) => {
    if (p.hours.length !== HOURS_PER_WEEK) throw new RangeError(`pattern ${i} (${p.name}) covers ${p.hours.length} hours, expected ${HOURS_PER_WEEK}`);
    if (!(p.cost >= 0) || !Number.isFinite(p.cost)) throw new RangeError(`pattern ${i} (${p.name}) has cost ${p.cost}, expected a finite number >= 0`);
  });
  // Between rosters of equal cost, fewer people: each person adds a thousandth of the cheapest
  // pattern's cost (reported costs are recomputed without it).
  const positive = patterns.map((p) => p.cost).filter((c) => c > 0);
  const perPerson = positive.length > 0 ? Math.min(...positive) * 1e-3 : 1e-3;
  const objective = patterns.map((p, i) => `${lpNumber(p.cost + perPerson)} x${i}`).join(' + ');
  const rows: string[] = [];
  const uncovered: number[] = [];
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const need = Math.ceil(requirement[h] - 1e-9);
    if (!(need > 0)) continue;
    const terms = patterns.flatMap((p, i) => (p.hours[h] ? [`x${i}`] : []));
    if (terms.length === 0) {
      uncovered.push(h);
      continue;
    }
    rows.push(` h${h}: ${terms.join(' + ')} >= ${need}`);
  }
  const bounds = patterns.map((p, i) => {
    const lo = Math.max(0, Math.ceil(p.min ?? 0));
    return p.max === undefined || !Number.isFinite(p.max) ? ` x${i} >= ${lo}` : ` ${lo} <= x${i} <= ${Math.floor(p.max)}`;
  });
  const lp = [
    'Minimize',
    ` cost: ${objective}`,
    'Subject To',
    // A program without rows is still valid LP text when it has one trivial row.
    ...(rows.length > 0 ? rows : [` trivial: x0 >= 0`]),
    'Bounds',
    ...bounds,
    'General',
    ` ${patterns.map((_, i) => `x${i}`).join(' ')}`,
    'End',
    '',
  ].join('\n');
  return { lp, uncovered };
}

/**
 * The cheapest whole numbers of people per pattern covering the requirement. Throws when the
 * solver finds no solution (only possible when a pattern's `max` is too low).
 */
export async function solveCover(problem: CoverProblem, solver: LpSolver): Promise<CoverSolution> {
  const { lp, uncovered } = coverProgram(problem);
  const result = await solver(lp);
  const usable = result.status === 'Optimal' || ((result.status === 'Time limit reached' || result.status === 'Iteration limit reached') && Object.keys(result.values).length > 0);
  if (!usable) throw new Error(`the shift cover program has no solution (solver status: ${result.status})`);
  const counts = problem.patterns.map((_, i) => Math.max(0, Math.round(result.values[`x${i}`] ?? 0)));
  const cost = counts.reduce((sum, n, i) => sum + n * problem.patterns[i].cost, 0);
  return { counts, cost, status: result.status === 'Optimal' ? 'optimal' : result.status, uncovered, lp };
}

/** Options of the HiGHS loader (see node_modules/highs/README.md, "WebAssembly loading"). */
export interface HighsLoadOptions {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/**
 * An `LpSolver` backed by HiGHS. The WebAssembly module is loaded on the first call and kept.
 * Each solve is silent, proves optimality to a relative gap of 1e-6 and stops after 20 s (the
 * programs here have at most a few hundred variables and 168 rows: they take milliseconds).
 */
export function highsSolver(options: HighsLoadOptions = {}): LpSolver {
  let loading: Promise<{ solve: (lp: string, options: Record<string, unknown>) => unknown }> | null = null;
  return async (lp: string) => {
    loading ??= import('highs').then((m) => (m.default as unknown as (o: HighsLoadOptions) => Promise<{ solve: (lp: string, options: Record<string, unknown>) => unknown }>)(options));
    const highs = await loading;
    const solution = highs.solve(lp, { output_flag: false, mip_rel_gap: 1e-6, time_limit: 20 }) as {
      Status: string;
      ObjectiveValue: number;
      Columns?: Record<string, { Primal?: number }>;
    };
    const values: Record<string, number> = {};
    for (const [name, column] of Object.entries(solution.Columns ?? {})) {
      if (typeof column.Primal === 'number') values[name] = column.Primal;
    }
    return { status: solution.Status, objective: solution.ObjectiveValue, values };
  };
}

// ---------------------------------------------------------------- generated patterns

export interface GenerateOptions {
  /** Shift lengths to offer, in hours (default: 4, 6, 8 and the lengths of the given patterns). */
  lengthsHours?: number[];
  /** Hours between two start times (default 1). */
  stepHours?: number;
}

const DAY_LABELS: Record<string, string> = {
  'Mon,Tue,Wed,Thu,Fri': 'Mon-Fri',
  'Sat,Sun': 'Sat-Sun',
  'Mon,Tue,Wed,Thu,Fri,Sat,Sun': 'daily',
};

function daysLabel(days: readonly Weekday[]): string {
  const key = WEEKDAYS.filter((d) => days.includes(d)).join(',');
  return DAY_LABELS[key] ?? key.replaceAll(',', ' ');
}

/**
 * Candidate patterns inside a group's opening hours: for each set of days the given patterns use,
 * the day's opening window runs from the earliest start to the latest end of those patterns, and
 * every shift of each length starting on the hour grid inside that window is offered, plus the
 * given patterns themselves. The planner never opens hours the roster does not already cover.
 * Overnight patterns (ending the next day) are kept as they are, with no variants.
 */
export function generatePatterns(existing: readonly ShiftPattern[], options: GenerateOptions = {}): ShiftPattern[] {
  const step = Math.round((options.stepHours ?? 1) * 60);
  if (!(step > 0)) throw new RangeError('stepHours must be > 0');
  const lengths = [...new Set([...(options.lengthsHours ?? [4, 6, 8]), ...existing.map((p) => windowSpan(p.from, p.to).length / 60)])]
    .map((h) => Math.round(h * 60))
    .filter((m) => m > 0 && m <= 1440)
    .sort((a, b) => a - b);
  const out: ShiftPattern[] = [];
  const seen = new Set<string>();
  const add = (p: ShiftPattern) => {
    const key = `${WEEKDAYS.filter((d) => p.days.includes(d)).join(',')}|${p.from}|${p.to}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const p of existing) add({ ...p, days: [...p.days] });
  const byDays = new Map<string, { days: Weekday[]; start: number; end: number }>();
  for (const p of existing) {
    const { start, length } = windowSpan(p.from, p.to);
    if (start + length > 1440) continue; // overnight: kept as is
    const days = WEEKDAYS.filter((d) => p.days.includes(d));
    const key = days.join(',');
    const w = byDays.get(key);
    if (w) {
      w.start = Math.min(w.start, start);
      w.end = Math.max(w.end, start + length);
    } else byDays.set(key, { days, start, end: start + length });
  }
  for (const { days, start, end } of byDays.values()) {
    for (const length of lengths) {
      for (let from = start; from + length <= end; from += step) {
        const to = from + length;
        add({ name: `${daysLabel(days)} ${formatClock(from)}-${formatClock(to)}`, days, from: formatClock(from), to: formatClock(to) });
      }
    }
  }
  // Names must be unique within a group: the given ones win, generated ones get a suffix.
  const names = new Set<string>();
  return out.map((p) => {
    let name = p.name;
    for (let k = 2; names.has(name); k++) name = `${p.name} (${k})`;
    names.add(name);
    return { ...p, name };
  });
}
