import { parseScenario } from '../../scenarios/parse.js';
import { actualMeasures, historyWeeks, trainingErrors, type ActualMeasures, type HistoryWeek, type TrainingErrors } from '../../sim/calibration/backtestActual.js';
import { backtestScenario, backtestWindow, compareBacktest, formatPeriod, type BacktestComparison, type BacktestPlan } from '../../sim/calibration/backtest.js';
import { calibrate, selectPeriod, type CalibrateOptions, type History } from '../../sim/calibration/index.js';
import { MINUTES_PER_DAY } from '../../sim/calibration/history.js';
import type { Scenario } from '../../sim/model/scenario.js';
import type { ReplicationResult } from '../../sim/replication.js';
import { runTasksHereCancellable } from '../experiments.js';
import type { ReplicationTask } from '../protocol.js';
import type { WorkerPool } from '../pool.js';

/**
 * Does a calibrated scenario predict? Calibrate on a training period of a history, simulate the
 * test period that follows on the worker pool, and compare with what the history shows (see
 * sim/calibration/backtest.ts for how the two sides are made comparable).
 */

export interface BacktestOptions {
  train: { from: number; to: number };
  test: { from: number; to: number };
  replications: number;
  seed: number;
  /** Days simulated after the test period, without arrivals, for late resolutions (default 56). */
  tailDays?: number;
  /** Passed on to calibrate (the history's own scenario name is used otherwise). */
  calibrate?: CalibrateOptions;
  /** A pool to run the replications on; without one they run in this thread. */
  pool?: WorkerPool;
  signal?: AbortSignal;
  /** Share of the replications done and how many finished. */
  onProgress?: (fraction: number, finished: number) => void;
}

export interface BacktestResult {
  source: string;
  timeZone: string;
  train: string;
  test: string;
  trainTickets: number;
  /** The test period starts with the training period: the model is checked on the data it was fitted to. */
  inSample: boolean;
  warmupDays: number;
  tailDays: number;
  replications: number;
  seed: number;
  /** The scenario that was simulated (calibrated, then set up for the test period). */
  scenario: Scenario;
  actual: ActualMeasures;
  /** The history week by week over training and test (the same resolution cut-off): drift shows here. */
  weeks: HistoryWeek[];
  /** Standard errors of the training figures, folded into the prediction intervals (none in sample). */
  trainingErrors: TrainingErrors | null;
  comparison: BacktestComparison;
  /** Problems the reader reported (rows skipped...), as it worded them. */
  warnings: string[];
}

export const DEFAULT_TAIL_DAYS = 56;

export async function backtestHistory(history: History, options: BacktestOptions): Promise<BacktestResult> {
  const { train, test } = options;
  if (test.from !== train.to && test.from !== train.from) {
    throw new RangeError(`the test period must start the day after the training period ends (a prediction) or on its first day (an in-sample check); got training ${formatPeriod(train)}, test ${formatPeriod(test)}`);
  }
  const plan: BacktestPlan = { trainFrom: train.from, testFrom: test.from, testTo: test.to, tailDays: options.tailDays ?? DEFAULT_TAIL_DAYS };
  const training = selectPeriod(history, train.from, train.to);
  if (training.tickets.length === 0) throw new RangeError(`the training period ${formatPeriod(train)} holds no tickets of ${history.source}`);
  const calibration = calibrate(training, options.calibrate);
  const raw = backtestScenario(calibration.scenario as unknown as Record<string, unknown>, plan, { replications: options.replications, seed: options.seed });
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error(`the calibrated scenario is not valid for the backtest: ${parsed.errors.join('; ')}`);
  const scenario = parsed.scenario;
  const tasks: ReplicationTask[] = Array.from({ length: options.replications }, (_, r) => ({ scenario, seed: options.seed, replication: r }));
  let results: ReplicationResult[];
  if (options.pool) {
    results = await options.pool.run(tasks, { onProgress: options.onProgress, signal: options.signal });
  } else {
    results = await runTasksHereCancellable(tasks, { onProgress: options.onProgress, signal: options.signal });
  }
  const actual = actualMeasures(history.tickets, backtestWindow(plan));
  // In sample the training figures are the test's own: no luck of the draw separates them.
  const inSample = test.from < train.to;
  const errors = inSample ? undefined : trainingErrors(history.tickets, train);
  return {
    source: history.source,
    timeZone: history.timeZone,
    train: formatPeriod(train),
    test: formatPeriod(test),
    trainTickets: training.tickets.length,
    inSample,
    warmupDays: (test.from - train.from) / MINUTES_PER_DAY,
    tailDays: plan.tailDays,
    replications: options.replications,
    seed: options.seed,
    scenario,
    actual,
    weeks: historyWeeks(history.tickets, train.from, test.to, plan.testTo + plan.tailDays * MINUTES_PER_DAY),
    trainingErrors: errors ?? null,
    comparison: compareBacktest(actual, results, plan, errors),
    warnings: history.warnings,
  };
}
