import { confidenceInterval, type Interval } from './metrics/confidence.js';
import type { Scenario } from './model/scenario.js';
import { runReplication, type ReplicationOptions, type ReplicationResult } from './replication.js';

/** Nested KPIs: every leaf is an across-replication mean with its 95% confidence interval. */
export interface KpiTree {
  [name: string]: KpiTree | Interval;
}

/** A series as three parallel arrays (means and CI bounds), compact for long horizons. */
export interface SeriesInterval {
  mean: number[];
  lo: number[];
  hi: number[];
}

/** The machine-readable result of a run (DESIGN.md), without `perf`, which needs a wall clock. */
export interface RunSummary {
  scenario: string;
  seed: number | string;
  replications: number;
  horizonDays: number;
  warmupDays: number;
  kpis: KpiTree;
  /** Time series, each point an across-replication mean with its 95% CI. */
  series: { stepMinutes: number } & Record<string, SeriesInterval | number>;
  events: number;
  peakOpenTickets: number;
}

export interface ExperimentOptions {
  seed?: number | string;
  replications?: number;
  /** Share of the whole experiment done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  shouldStop?: ReplicationOptions['shouldStop'];
}

/** Run replications 0..n-1 in this thread and summarise them. */
export function runExperiment(scenario: Scenario, options: ExperimentOptions = {}): RunSummary {
  const seed = options.seed ?? scenario.seed;
  const n = options.replications ?? scenario.replications;
  const results: ReplicationResult[] = [];
  for (let r = 0; r < n; r++) {
    results.push(
      runReplication(scenario, seed, r, {
        onProgress: options.onProgress && ((f) => options.onProgress?.((r + f) / n)),
        shouldStop: options.shouldStop,
      }),
    );
  }
  return summarize(scenario, seed, results);
}

/**
 * Combine replications into means and 95% confidence intervals. Results are ordered by
 * replication index first, so the summary does not depend on which worker finished first.
 */
export function summarize(scenario: Scenario, seed: number | string, results: readonly ReplicationResult[]): RunSummary {
  const ordered = [...results].sort((a, b) => a.replication - b.replication);
  const samples = new Map<string, number[]>();
  for (const result of ordered) {
    for (const [path, value] of result.kpis) {
      let list = samples.get(path);
      if (!list) samples.set(path, (list = []));
      if (value !== null && Number.isFinite(value)) list.push(value);
    }
  }
  const kpis: KpiTree = {};
  for (const [path, values] of samples) {
    // A KPI no replication could measure (no P1 tickets, say) is left out rather than reported as 0.
    if (values.length > 0) setPath(kpis, path.split('.'), confidenceInterval(values));
  }
  const series: RunSummary['series'] = { stepMinutes: ordered[0]?.seriesStepMinutes ?? 60 };
  const seriesSamples = new Map<string, number[][]>();
  for (const result of ordered) {
    for (const [name, values] of result.series) {
      let list = seriesSamples.get(name);
      if (!list) seriesSamples.set(name, (list = []));
      list.push(values);
    }
  }
  for (const [name, runs] of seriesSamples) {
    const length = Math.min(...runs.map((r) => r.length));
    const out: SeriesInterval = { mean: [], lo: [], hi: [] };
    const column = new Array<number>(runs.length);
    for (let i = 0; i < length; i++) {
      for (let r = 0; r < runs.length; r++) column[r] = runs[r][i];
      const ci = confidenceInterval(column);
      out.mean.push(round(ci.mean));
      out.lo.push(round(ci.lo));
      out.hi.push(round(ci.hi));
    }
    series[name] = out;
  }
  return {
    scenario: scenario.name,
    seed,
    replications: ordered.length,
    horizonDays: scenario.horizonDays,
    warmupDays: scenario.warmupDays,
    kpis,
    series,
    events: ordered.reduce((sum, r) => sum + r.events, 0),
    peakOpenTickets: ordered.reduce((max, r) => Math.max(max, r.peakOpenTickets), 0),
  };
}

function setPath(tree: KpiTree, path: string[], value: Interval): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (node[path[i]] ??= {});
    node = next as KpiTree;
  }
  node[path[path.length - 1]] = value;
}

/** Series points to 6 significant digits: a year of hourly points stays a readable size. */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
