import { confidenceInterval, tQuantile, type Interval } from '../metrics/confidence.js';
import { PRIORITIES } from '../model/scenario.js';
import type { ReplicationResult } from '../replication.js';
import { weeksOf, type ActualMeasures, type BacktestWindow, type TrainingErrors } from './backtestActual.js';
import { formatWall, MINUTES_PER_DAY, MINUTES_PER_WEEK, wallMinutes } from './history.js';

/**
 * A backtest: calibrate on a training period, simulate the test period that follows, compare.
 *
 * The model has no starting backlog, so the simulation starts empty at the start of the training
 * period and runs through it as warm-up; it is measured from the start of the test period. The
 * backlog of real tickets is counted from the same instant (see BacktestWindow.countFrom), so both
 * sides carry the same history into the test period. For a log with left truncation (the UCI log
 * starts empty on 2016-02-29) starting at the log's first day is exactly the log's own view.
 *
 * Resolution times of the test period's tickets need time after the test period to resolve. The
 * simulated horizon therefore runs a tail past the test period with no new arrivals (day
 * multipliers of 0), and both sides count a ticket as resolved only by the end of that tail. A
 * tail without arrivals is kinder to the last tickets than reality (no newcomers compete for the
 * agents); with long tails caused by waiting rather than queueing the effect is small.
 */

export interface BacktestPlan {
  /** Start of the training period (wall-clock minutes of a local midnight): the simulation starts here. */
  trainFrom: number;
  /**
   * Start of the test period: the end of the training period (a prediction), or its start (an
   * in-sample check: does the calibrated desk reproduce the very period it was fitted to?).
   */
  testFrom: number;
  testTo: number;
  /** Days simulated after the test period without arrivals, for late resolutions. */
  tailDays: number;
}

export function backtestWindow(plan: BacktestPlan): BacktestWindow {
  return { from: plan.testFrom, to: plan.testTo, countFrom: plan.trainFrom, resolvedBy: plan.testTo + plan.tailDays * MINUTES_PER_DAY };
}

function localDate(wallMinute: number): string {
  return formatWall(wallMinute).slice(0, 10);
}

/**
 * The calibrated scenario (as JSON, before validation) set up for the backtest: start, warm-up,
 * horizon and the quiet tail. The caller validates the result with the scenario schema.
 */
export function backtestScenario(calibrated: Record<string, unknown>, plan: BacktestPlan, run: { replications: number; seed: number }): Record<string, unknown> {
  if (!(plan.trainFrom <= plan.testFrom && plan.testFrom < plan.testTo)) throw new RangeError('the test period must not start before the training period');
  if ((plan.testFrom - plan.trainFrom) % MINUTES_PER_DAY !== 0) throw new RangeError('the training period must be whole days');
  weeksOf({ from: plan.testFrom, to: plan.testTo });
  const testDays = (plan.testTo - plan.testFrom) / MINUTES_PER_DAY;
  const modifiers = { growthPerYear: 0, dayCv: 0, days: [] as Array<{ date: string; multiplier: number; label?: string }>, ...((calibrated.demandModifiers as object | undefined) ?? {}) };
  const tail = new Set<string>();
  for (let d = 0; d < plan.tailDays; d++) tail.add(localDate(plan.testTo + d * MINUTES_PER_DAY));
  const days = modifiers.days.filter((d) => !tail.has(d.date));
  for (const date of tail) days.push({ date, multiplier: 0, label: 'backtest tail: no arrivals' });
  return {
    ...calibrated,
    start: formatWall(plan.trainFrom),
    warmupDays: (plan.testFrom - plan.trainFrom) / MINUTES_PER_DAY,
    horizonDays: testDays + plan.tailDays,
    replications: run.replications,
    seed: run.seed,
    // Growth was fitted (if at all) from the training period; the tail's zero days replace any dated modifier there.
    demandModifiers: { ...modifiers, days },
    incidents: [],
  };
}

/** One replication's figures, the simulated counterpart of ActualMeasures. */
export interface ReplicationMeasures {
  weeklyVolume: number[];
  meanWeeklyVolume: number;
  resolutionP50Hours: number | null;
  resolutionP90Hours: number | null;
  resolvedShare: number | null;
  backlogAtWeekEnd: number[];
  reassignedShare: number | null;
  firstResponseP50Hours: number | null;
  firstResponseP90Hours: number | null;
}

export function replicationMeasures(result: ReplicationResult, weeks: number): ReplicationMeasures {
  const kpi = new Map(result.kpis);
  const series = new Map(result.series);
  const stepsPerWeek = MINUTES_PER_WEEK / result.seriesStepMinutes;
  if (!Number.isInteger(stepsPerWeek)) throw new Error(`series step of ${result.seriesStepMinutes} minutes does not divide a week`);
  const arrivals = series.get('arrivals') ?? [];
  const weeklyVolume: number[] = [];
  for (let k = 0; k < weeks; k++) {
    let sum = 0;
    for (let i = k * stepsPerWeek; i < (k + 1) * stepsPerWeek && i < arrivals.length; i++) sum += arrivals[i];
    weeklyVolume.push(sum);
  }
  const backlog = PRIORITIES.map((p) => series.get(`backlogByPriority.${p}`) ?? []);
  const backlogAtWeekEnd: number[] = [];
  for (let k = 1; k <= weeks; k++) {
    const i = k * stepsPerWeek;
    // Points are snapshots at the start of each step; the horizon's end is the open count at the end.
    if (i < backlog[0].length) backlogAtWeekEnd.push(backlog.reduce((sum, s) => sum + s[i], 0));
    else backlogAtWeekEnd.push(kpi.get('backlog.openAtEnd') ?? NaN);
  }
  const tickets = kpi.get('tickets') ?? 0;
  const hours = (path: string) => {
    const v = kpi.get(path);
    return v === null || v === undefined ? null : v / 60;
  };
  return {
    weeklyVolume,
    meanWeeklyVolume: weeklyVolume.reduce((a, b) => a + b, 0) / weeks,
    resolutionP50Hours: hours('resolutionMinutes.p50'),
    resolutionP90Hours: hours('resolutionMinutes.p90'),
    resolvedShare: tickets > 0 ? (kpi.get('flow.solved') ?? 0) / tickets : null,
    backlogAtWeekEnd,
    reassignedShare: kpi.get('escalationRate') ?? null,
    firstResponseP50Hours: hours('firstResponseMinutes.p50'),
    firstResponseP90Hours: hours('firstResponseMinutes.p90'),
  };
}

/**
 * A simulated figure: the mean over replications with its 95% CI, and the 95% prediction interval
 * of one real period. The CI says where the model's expectation is; it narrows with every
 * replication, so one real period (a week's volume scatters around the desk's mean however well
 * the model knows it) is judged against the prediction interval instead:
 * mean +- t * sqrt(sd^2 (1 + 1/n) + se^2), where sd is the spread of the replications (the test
 * period's own randomness) and se the standard error of the training figure the calibration was
 * fitted to (TrainingErrors: the luck of which tickets the training period held).
 */
export interface SimulatedFigure extends Interval {
  predictionLo: number;
  predictionHi: number;
  /** Replications that measured the figure. */
  n: number;
  /** The training figure's standard error included in the prediction interval (0 when none). */
  trainingError: number;
}

/** Prediction bounds are clipped to what the figure can be (counts and times >= 0, shares <= 1). */
export function simulatedFigure(values: readonly (number | null)[], bounds: [number, number] = [0, Infinity], trainingError = 0): SimulatedFigure | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return null;
  if (xs.length === 1) return { mean: xs[0], lo: xs[0], hi: xs[0], predictionLo: xs[0], predictionHi: xs[0], n: 1, trainingError };
  const ci = confidenceInterval(xs);
  const n = xs.length;
  const sd = Math.sqrt(xs.reduce((sum, x) => sum + (x - ci.mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * Math.sqrt(sd * sd * (1 + 1 / n) + trainingError * trainingError);
  return { ...ci, predictionLo: Math.max(bounds[0], ci.mean - half), predictionHi: Math.min(bounds[1], ci.mean + half), n, trainingError };
}

export interface ComparisonRow {
  /** Stable key for scripts: 'weeklyVolume', 'resolutionP50Hours', 'backlogWeek3', ... */
  key: string;
  label: string;
  unit: 'tickets' | 'hours' | 'share';
  actual: number | null;
  simulated: SimulatedFigure | null;
  /** Whether the actual lies inside the simulated mean's 95% CI. */
  inCi: boolean | null;
  /** Actual minus the nearest CI bound (0 inside): how far the CI misses. */
  missBy: number | null;
  /** missBy relative to the simulated mean. */
  missRelative: number | null;
  /** Whether the actual lies inside the 95% prediction interval (where one real period should fall). */
  inPrediction: boolean | null;
}

function row(key: string, label: string, unit: ComparisonRow['unit'], actual: number | null, simulated: SimulatedFigure | null): ComparisonRow {
  if (actual === null || simulated === null) return { key, label, unit, actual, simulated, inCi: null, missBy: null, missRelative: null, inPrediction: null };
  const missBy = actual < simulated.lo ? actual - simulated.lo : actual > simulated.hi ? actual - simulated.hi : 0;
  return {
    key,
    label,
    unit,
    actual,
    simulated,
    inCi: missBy === 0,
    missBy,
    missRelative: simulated.mean !== 0 ? missBy / Math.abs(simulated.mean) : null,
    inPrediction: actual >= simulated.predictionLo && actual <= simulated.predictionHi,
  };
}

export interface BacktestComparison {
  weeks: number;
  replications: number;
  /** The headline figures. */
  rows: ComparisonRow[];
  /** Week by week: volume and backlog at the week's end. */
  weekly: Array<{ week: number; from: string; volume: ComparisonRow; backlog: ComparisonRow }>;
}

export function compareBacktest(actual: ActualMeasures, results: readonly ReplicationResult[], plan: BacktestPlan, errors?: TrainingErrors): BacktestComparison {
  const weeks = weeksOf({ from: plan.testFrom, to: plan.testTo });
  const per = [...results].sort((a, b) => a.replication - b.replication).map((r) => replicationMeasures(r, weeks));
  const se = (key: keyof TrainingErrors) => errors?.[key] ?? 0;
  const fig = (pick: (m: ReplicationMeasures) => number | null, trainingError = 0) => simulatedFigure(per.map(pick), [0, Infinity], trainingError);
  const share = (pick: (m: ReplicationMeasures) => number | null, trainingError = 0) => simulatedFigure(per.map(pick), [0, 1], trainingError);
  const lastBacklog = actual.backlogAtWeekEnd[weeks - 1];
  const meanBacklog = actual.backlogAtWeekEnd.reduce((a, b) => a + b, 0) / weeks;
  const rows: ComparisonRow[] = [
    row('weeklyVolume', 'tickets a week (mean of the test weeks)', 'tickets', actual.meanWeeklyVolume, fig((m) => m.meanWeeklyVolume, se('weeklyVolume'))),
    row('resolutionP50Hours', 'resolution time, median (h)', 'hours', actual.resolutionHours?.p50 ?? null, fig((m) => m.resolutionP50Hours, se('resolutionP50Hours'))),
    row('resolutionP90Hours', 'resolution time, P90 (h)', 'hours', actual.resolutionHours?.p90 ?? null, fig((m) => m.resolutionP90Hours, se('resolutionP90Hours'))),
    row('resolvedShare', 'share resolved by the end of the tail', 'share', actual.resolvedShare, share((m) => m.resolvedShare)),
    row('backlogMean', 'open tickets at week ends (mean)', 'tickets', meanBacklog, fig((m) => m.backlogAtWeekEnd.reduce((a, b) => a + b, 0) / weeks)),
    row('backlogEnd', 'open tickets at the end of the test period', 'tickets', lastBacklog, fig((m) => m.backlogAtWeekEnd[weeks - 1])),
    row('reassignedShare', 'reassigned share (left the first group)', 'share', actual.reassignedShare, share((m) => m.reassignedShare, se('reassignedShare'))),
  ];
  if (actual.firstResponseHours) {
    rows.push(row('firstResponseP50Hours', 'first response, median (h)', 'hours', actual.firstResponseHours.p50, fig((m) => m.firstResponseP50Hours, se('firstResponseP50Hours'))));
    rows.push(row('firstResponseP90Hours', 'first response, P90 (h)', 'hours', actual.firstResponseHours.p90, fig((m) => m.firstResponseP90Hours, se('firstResponseP90Hours'))));
  }
  const weekly = Array.from({ length: weeks }, (_, k) => ({
    week: k + 1,
    from: localDate(plan.testFrom + k * MINUTES_PER_WEEK),
    volume: row(`volumeWeek${k + 1}`, `tickets in week ${k + 1}`, 'tickets', actual.weeklyVolume[k], fig((m) => m.weeklyVolume[k], se('weeklyVolume'))),
    backlog: row(`backlogWeek${k + 1}`, `open at the end of week ${k + 1}`, 'tickets', actual.backlogAtWeekEnd[k], fig((m) => m.backlogAtWeekEnd[k])),
  }));
  return { weeks, replications: per.length, rows, weekly };
}

/**
 * A period as the user writes it, 'YYYY-MM-DD..YYYY-MM-DD' with both days included, as wall-clock
 * minutes [from, to) from the first day's midnight to the midnight after the last day.
 */
export function parsePeriod(text: string, what: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const from = m ? wallMinutes(+m[1], +m[2], +m[3]) : NaN;
  const last = m ? wallMinutes(+m[4], +m[5], +m[6]) : NaN;
  if (!Number.isFinite(from) || !Number.isFinite(last)) {
    throw new RangeError(`${what}: expected two dates YYYY-MM-DD..YYYY-MM-DD (both days included), got "${text}"`);
  }
  if (last < from) throw new RangeError(`${what}: the last day ${formatWall(last).slice(0, 10)} comes before the first ${formatWall(from).slice(0, 10)}`);
  return { from, to: last + MINUTES_PER_DAY };
}

/** 'YYYY-MM-DD..YYYY-MM-DD' (both days included) of a [from, to) period. */
export function formatPeriod(period: { from: number; to: number }): string {
  return `${localDate(period.from)}..${localDate(period.to - MINUTES_PER_DAY)}`;
}
