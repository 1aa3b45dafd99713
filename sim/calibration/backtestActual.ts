import type { HistoryTicket } from './history.js';
import { MINUTES_PER_WEEK } from './history.js';

/**
 * What really happened in a test period of a ticket history, measured the way the simulator
 * measures a replication, so the two sides of a backtest can be compared figure for figure.
 *
 * Times are the history's wall-clock minutes. A ticket's open life ends at its resolution, or at
 * its closure when the export has no resolution time for it (some ServiceNow rows lack
 * `resolved_at`); a ticket with neither is still open at the end of the export.
 */

export interface BacktestWindow {
  /** First minute of the test period (a local midnight; a Monday keeps weeks aligned with the data's). */
  from: number;
  /** End of the test period (exclusive); `to - from` is a whole number of weeks. */
  to: number;
  /**
   * Tickets opened before this instant are left out of the backlog: the simulation starts empty
   * here (the start of the training period), so both sides count the same tickets. For a log
   * with no starting backlog (left truncation) this is also the truth.
   */
  countFrom: number;
  /** Resolutions after this instant are not seen (the simulation's horizon end); those tickets count as unresolved. */
  resolvedBy: number;
}

export interface Quantiles {
  p50: number;
  p90: number;
}

export interface ActualMeasures {
  /** Tickets opened in each week of the test period. */
  weeklyVolume: number[];
  meanWeeklyVolume: number;
  tickets: number;
  /** Hours from opening to resolution of the test period's tickets resolved by `resolvedBy`. */
  resolutionHours: Quantiles | null;
  /** Share of the test period's tickets resolved by `resolvedBy`. */
  resolvedShare: number | null;
  /** Open tickets (opened since `countFrom`) at the end of each test week. */
  backlogAtWeekEnd: number[];
  /** Share of the test period's tickets that visited more than one group. */
  reassignedShare: number | null;
  /** Hours from opening to the first response, where the export shows one. */
  firstResponseHours: Quantiles | null;
  /** Tickets of the test period with a first response in the export (0 when the export has none). */
  firstResponseCount: number;
}

/** The end of a ticket's open life, or null while it is open at the end of the export. */
export function endOfOpenLife(t: HistoryTicket): number | null {
  return t.resolved ?? t.closed;
}

/**
 * A ticket was reassigned when it visited more than one group. Flat exports (no group path, only
 * the tool's count) fall back to the count: `byCount` is decided once for the whole history.
 */
export function wasReassigned(t: HistoryTicket, byCount: boolean): boolean {
  return byCount ? t.reassignments > 0 : t.groups.length > 1;
}

/** Whether the history shows group paths; if no ticket ever left its first group, count reassignments instead. */
export function reassignmentsByCount(tickets: readonly HistoryTicket[]): boolean {
  return !tickets.some((t) => t.groups.length > 1);
}

/** Quantile by linear interpolation between order statistics (type 7, as spreadsheets compute it). */
export function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  const j = Math.min(i + 1, sorted.length - 1);
  return sorted[i] + (sorted[j] - sorted[i]) * (h - i);
}

function quantiles(values: number[]): Quantiles | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return { p50: quantileOf(values, 0.5), p90: quantileOf(values, 0.9) };
}

export function weeksOf(window: Pick<BacktestWindow, 'from' | 'to'>): number {
  const weeks = (window.to - window.from) / MINUTES_PER_WEEK;
  if (!(Number.isInteger(weeks) && weeks >= 1)) {
    throw new RangeError(`a test period must be a whole number of weeks (at least one), got ${((window.to - window.from) / 1440).toFixed(2)} days`);
  }
  return weeks;
}

export function actualMeasures(tickets: readonly HistoryTicket[], window: BacktestWindow): ActualMeasures {
  const weeks = weeksOf(window);
  const weeklyVolume = new Array<number>(weeks).fill(0);
  const backlogAtWeekEnd = new Array<number>(weeks).fill(0);
  const resolution: number[] = [];
  const firstResponse: number[] = [];
  let opened = 0;
  let reassigned = 0;
  const byCount = reassignmentsByCount(tickets);
  for (const t of tickets) {
    const end = endOfOpenLife(t);
    // Backlog: opened since the count start and before the week end, not yet at the end of its open life.
    if (t.created >= window.countFrom) {
      for (let k = 0; k < weeks; k++) {
        const at = window.from + (k + 1) * MINUTES_PER_WEEK;
        if (t.created < at && (end === null || end > at)) backlogAtWeekEnd[k]++;
      }
    }
    if (t.created < window.from || t.created >= window.to) continue;
    opened++;
    weeklyVolume[Math.floor((t.created - window.from) / MINUTES_PER_WEEK)]++;
    if (end !== null && end <= window.resolvedBy) resolution.push((Math.max(end, t.created) - t.created) / 60);
    if (t.firstResponse !== null) firstResponse.push((Math.max(t.firstResponse, t.created) - t.created) / 60);
    if (wasReassigned(t, byCount)) reassigned++;
  }
  return {
    weeklyVolume,
    meanWeeklyVolume: opened / weeks,
    tickets: opened,
    resolutionHours: quantiles(resolution),
    resolvedShare: opened > 0 ? resolution.length / opened : null,
    backlogAtWeekEnd,
    reassignedShare: opened > 0 ? reassigned / opened : null,
    firstResponseHours: quantiles(firstResponse),
    firstResponseCount: firstResponse.length,
  };
}

/**
 * Standard errors of the training period's own figures: how far the figures a calibration is
 * fitted to could be from the desk's true ones by the luck of which tickets the training period
 * happened to hold. The simulated replications vary only the test period's randomness, so a fair
 * prediction interval for one real period adds this (sim/calibration/backtest.ts).
 *
 * - weekly volume: the spread of the training weeks' counts over the square root of their number;
 * - quantiles (resolution, first response): half the width of the distribution-free 95% interval
 *   of the sample quantile from order statistics, over 1.96;
 * - shares: the binomial standard error.
 * The backlog has none of its own (it follows from volume and resolution), so it gets none.
 */
export interface TrainingErrors {
  weeklyVolume: number;
  resolutionP50Hours: number;
  resolutionP90Hours: number;
  reassignedShare: number;
  firstResponseP50Hours: number;
  firstResponseP90Hours: number;
}

/** Half the distance between the order statistics bracketing a 95% interval of the q-quantile, over 1.96. */
export function quantileStandardError(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n < 2) return 0;
  const spread = 1.96 * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - spread) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + spread) - 1);
  return (sorted[hi] - sorted[lo]) / 2 / 1.96;
}

export function trainingErrors(tickets: readonly HistoryTicket[], train: { from: number; to: number }): TrainingErrors {
  const weeks = Math.floor((train.to - train.from) / MINUTES_PER_WEEK);
  const counts = new Array<number>(Math.max(1, weeks)).fill(0);
  const resolution: number[] = [];
  const firstResponse: number[] = [];
  let n = 0;
  let reassigned = 0;
  const byCount = reassignmentsByCount(tickets);
  for (const t of tickets) {
    if (t.created < train.from || t.created >= train.to) continue;
    const week = Math.floor((t.created - train.from) / MINUTES_PER_WEEK);
    if (week < counts.length) counts[week]++;
    n++;
    if (wasReassigned(t, byCount)) reassigned++;
    // As calibration sees them: every resolution the export shows, however late.
    const end = endOfOpenLife(t);
    if (end !== null) resolution.push((Math.max(end, t.created) - t.created) / 60);
    if (t.firstResponse !== null) firstResponse.push((Math.max(t.firstResponse, t.created) - t.created) / 60);
  }
  resolution.sort((a, b) => a - b);
  firstResponse.sort((a, b) => a - b);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const sd = counts.length > 1 ? Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (counts.length - 1)) : Math.sqrt(mean);
  const p = n > 0 ? reassigned / n : 0;
  return {
    weeklyVolume: sd / Math.sqrt(counts.length),
    resolutionP50Hours: quantileStandardError(resolution, 0.5),
    resolutionP90Hours: quantileStandardError(resolution, 0.9),
    reassignedShare: n > 0 ? Math.sqrt((p * (1 - p)) / n) : 0,
    firstResponseP50Hours: quantileStandardError(firstResponse, 0.5),
    firstResponseP90Hours: quantileStandardError(firstResponse, 0.9),
  };
}

/** One week of a history as it really was: for seeing drift and breaks across training and test. */
export interface HistoryWeek {
  /** Wall-clock minute of the week's start. */
  from: number;
  tickets: number;
  /** Median and P90 hours to resolution of the week's tickets (resolved by `resolvedBy`), null if none. */
  resolutionHours: Quantiles | null;
  reassignedShare: number | null;
}

/** Week by week from `from` to `to` (whole weeks; a partial last week is left out). */
export function historyWeeks(tickets: readonly HistoryTicket[], from: number, to: number, resolvedBy: number): HistoryWeek[] {
  const weeks = Math.floor((to - from) / MINUTES_PER_WEEK);
  const resolution: number[][] = Array.from({ length: weeks }, () => []);
  const counts = new Array<number>(weeks).fill(0);
  const reassigned = new Array<number>(weeks).fill(0);
  const byCount = reassignmentsByCount(tickets);
  for (const t of tickets) {
    const k = Math.floor((t.created - from) / MINUTES_PER_WEEK);
    if (!(k >= 0 && k < weeks)) continue;
    counts[k]++;
    if (wasReassigned(t, byCount)) reassigned[k]++;
    const end = endOfOpenLife(t);
    if (end !== null && end <= resolvedBy) resolution[k].push((Math.max(end, t.created) - t.created) / 60);
  }
  return counts.map((n, k) => ({
    from: from + k * MINUTES_PER_WEEK,
    tickets: n,
    resolutionHours: quantiles(resolution[k]),
    reassignedShare: n > 0 ? reassigned[k] / n : null,
  }));
}
