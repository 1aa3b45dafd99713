import { confidenceInterval, pairedDifference, type Interval } from '../../../sim/metrics/confidence.js';
import type { Scenario } from '../../../sim/model/scenario.js';
import type { ReplicationResult } from '../../../sim/replication.js';

/**
 * How a lesson answers its question: which variants of its scenario to simulate for a control
 * value (`plan`), and how to turn their replications into what the learner sees (`read`). Both are
 * pure, so the browser panel (worker pool) and the node tests (this thread) compute the same
 * answer from the same replications; nothing in an answer is written by hand.
 */

export interface LessonVariant {
  /** Stable within a plan: the panel caches replications by the variant's scenario, not its key. */
  key: string;
  label: string;
  scenario: Scenario;
}

export interface LessonRun {
  variants: LessonVariant[];
  /** Replications of every variant, each variant under the same seeds (common random numbers). */
  replications: number;
  seed: number;
}

/** One point of a curve with its 95% CI (lo = hi = mean for a formula). */
export interface CurvePoint {
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

export interface CurveSeries {
  name: string;
  points: CurvePoint[];
  /** A formula (drawn dashed, no band) rather than a simulation. */
  formula?: boolean;
}

export interface BarItem extends Interval {
  label: string;
  /** Colour index: bars of the same variant share it. */
  group: number;
  /** The variant the control has selected. */
  current?: boolean;
}

export type LessonChart =
  | {
      kind: 'curve';
      title: string;
      xLabel: string;
      yLabel: string;
      formatX(x: number): string;
      formatY(y: number): string;
      /** Where to put the x ticks (default: d3's nice ticks). */
      xTicks?: number[];
      /** 'duration': y ticks at round minutes, hours or days (values in minutes). */
      yTicks?: 'duration';
      series: CurveSeries[];
      /** The control's current value on the curve. */
      current?: { x: number; y: number; label: string };
    }
  | {
      kind: 'bars';
      title: string;
      yLabel: string;
      formatY(y: number): string;
      /** 'duration': value ticks at round minutes, hours or days (values in minutes). */
      yTicks?: 'duration';
      bars: BarItem[];
      /** Names of the bar groups, for the legend. */
      groups: string[];
    };

export interface LessonAnswer {
  /** The answer in a sentence or two, with the simulated numbers in it. */
  headline: string;
  /** Figures with their CIs as text; the first row is the header. */
  table: string[][];
  chart?: LessonChart;
  /** The numbers behind the answer, by name, for tests and for anyone who wants them. */
  values: Record<string, Interval>;
}

export interface LessonExperiment {
  plan(base: Scenario, value: number | boolean): LessonRun;
  /** `results[i]` are the replications of `run.variants[i]`, in replication order. */
  read(run: LessonRun, results: ReplicationResult[][], value: number | boolean): LessonAnswer;
}

// ---------------------------------------------------------------------------------------------
// Helpers the lessons share.

/** A KPI of one replication (null when the replication had nothing to measure it on). */
export function kpi(result: ReplicationResult, path: string): number | null {
  for (const [name, value] of result.kpis) if (name === path) return value;
  return null;
}

/** A KPI over replications with its 95% CI; NaN bounds when no replication measured it. */
export function kpiInterval(results: readonly ReplicationResult[], path: string): Interval {
  return intervalOf(results.map((r) => kpi(r, path)));
}

/** Mean and 95% CI of the finite values; NaN when there are none. */
export function intervalOf(values: ReadonlyArray<number | null>): Interval {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0 ? { mean: NaN, lo: NaN, hi: NaN } : confidenceInterval(finite);
}

/** The paired difference b - a of a KPI over replications that measured it in both. */
export function kpiDifference(a: readonly ReplicationResult[], b: readonly ReplicationResult[], path: string): Interval {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    const x = kpi(a[r], path);
    const y = kpi(b[r], path);
    if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  return xs.length === 0 ? { mean: NaN, lo: NaN, hi: NaN } : pairedDifference(xs, ys);
}

/** A time series of one replication by name. */
export function series(result: ReplicationResult, name: string): number[] | null {
  for (const [key, values] of result.series) if (key === name) return values;
  return null;
}

/** `text (lo–hi)` for a table cell. */
export function withCi(i: Interval, format: (x: number) => string): string {
  if (!Number.isFinite(i.mean)) return '–';
  if (!(i.hi > i.lo)) return format(i.mean);
  return `${format(i.mean)} (${format(i.lo)}–${format(i.hi)})`;
}

/** A deep copy of a scenario to change (scenarios are plain JSON data once parsed). */
export function copyScenario(s: Scenario): Scenario {
  return structuredClone(s);
}

/** Rounded to a grid step, so float noise from a slider never makes a new cache key. */
export function snap(value: number, step: number): number {
  return Math.round(value / step) * step;
}
