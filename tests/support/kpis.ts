import { expect } from 'vitest';
import type { KpiTree, RunSummary } from '../../sim/experiment.js';
import type { Interval } from '../../sim/metrics/confidence.js';
import { confidenceInterval } from '../../sim/metrics/confidence.js';
import type { ReplicationResult } from '../../sim/replication.js';

/** The interval at a dotted path of a summary's KPI tree. */
export function kpi(tree: KpiTree, path: string): Interval {
  let node: KpiTree | Interval = tree;
  for (const key of path.split('.')) {
    node = (node as KpiTree)[key];
    if (node === undefined) throw new Error(`no KPI at ${path}`);
  }
  return node as Interval;
}

/** A replication's value at a path; throws when absent so a typo cannot pass silently. */
export function value(result: ReplicationResult, path: string): number {
  const entry = result.kpis.find(([p]) => p === path);
  if (!entry || entry[1] === null) throw new Error(`replication ${result.replication} has no ${path}`);
  return entry[1];
}

export function expectInside(interval: Interval, expected: number, what: string): void {
  expect(
    interval.lo <= expected && expected <= interval.hi,
    `${what}: ${expected} outside the 95% CI [${interval.lo}, ${interval.hi}] (mean ${interval.mean})`,
  ).toBe(true);
}

/**
 * Little's law on a run: time-average number waiting for a first pickup = arrival rate x mean
 * wait for it (hang-ups included), and the same for open tickets and their time to the first
 * solve (or hang-up). Checked per replication: the CI of
 * L - lambda W across replications must contain 0 or the gap must be under 2% of L (edge
 * effects: tickets open at the horizon or carried over from the warm-up).
 */
export function expectLittlesLaw(results: readonly ReplicationResult[]): void {
  const check = (level: string, time: string) => {
    const gaps: number[] = [];
    let scale = 0;
    for (const r of results) {
      const lambda = value(r, 'arrivalsPerHour') / 60;
      const l = value(r, level);
      gaps.push(l - lambda * value(r, time));
      scale += l / results.length;
    }
    const gap = confidenceInterval(gaps);
    const ok = (gap.lo <= 0 && 0 <= gap.hi) || Math.abs(gap.mean) <= 0.02 * scale;
    expect(ok, `Little's law ${level} vs lambda x ${time}: gap ${gap.mean} [${gap.lo}, ${gap.hi}], L ${scale}`).toBe(true);
  };
  check('backlog.meanWaiting', 'flow.meanFirstWaitMinutes');
  check('backlog.meanOpen', 'flow.meanSojournMinutes');
}

/** A replication's value at a path, null when the KPI is reported as undefined; throws when absent. */
export function valueOrNull(result: ReplicationResult, path: string): number | null {
  const entry = result.kpis.find(([p]) => p === path);
  if (!entry) throw new Error(`replication ${result.replication} reports no ${path}`);
  return entry[1];
}

/**
 * Flow conservation: every measured arrival is solved, abandoned or still open at the horizon
 * (deflected tickets never arrive). Exact per replication; for a summary, on the means.
 */
export function expectConservation(result: ReplicationResult | RunSummary | readonly ReplicationResult[]): void {
  if (Array.isArray(result)) {
    for (const r of result as readonly ReplicationResult[]) expectConservation(r);
    return;
  }
  if ('replication' in (result as object)) {
    const r = result as ReplicationResult;
    const arrivals = value(r, 'flow.arrivals');
    const out = value(r, 'flow.solved') + value(r, 'flow.abandoned') + value(r, 'flow.openAtEnd');
    expect(out, `replication ${r.replication}: arrivals ${arrivals} vs solved + abandoned + open at end ${out}`).toBe(arrivals);
    expect(value(r, 'tickets')).toBe(arrivals);
    return;
  }
  const s = result as RunSummary;
  const arrivals = kpi(s.kpis, 'flow.arrivals').mean;
  const out = kpi(s.kpis, 'flow.solved').mean + kpi(s.kpis, 'flow.abandoned').mean + kpi(s.kpis, 'flow.openAtEnd').mean;
  expect(Math.abs(arrivals - out), `mean arrivals ${arrivals} vs solved + abandoned + open at end ${out}`).toBeLessThanOrEqual(1e-9 * Math.max(1, arrivals));
}

/**
 * Little's law per tier: the time-average number of tickets at a tier (queued, in progress or
 * pending there) = entries an hour / 60 x mean minutes per visit, for every tier a run reports.
 * Checked per replication: the CI of L - lambda W across replications must contain 0, or the gap
 * must be within 5% of L (edge effects: visits open at the horizon or begun in the warm-up).
 * Returns the tiers checked.
 */
export function expectLittlesLawPerTier(results: readonly ReplicationResult[]): string[] {
  expect(results.length, "Little's law per tier needs at least two replications for a CI").toBeGreaterThanOrEqual(2);
  const tiers = results[0].kpis.flatMap(([p]) => {
    const m = /^byTier\.([^.]+)\.meanTickets$/.exec(p);
    return m ? [m[1]] : [];
  });
  expect(tiers.length, 'no byTier KPIs reported').toBeGreaterThan(0);
  for (const tier of tiers) {
    const gaps: number[] = [];
    let scale = 0;
    for (const r of results) {
      const l = value(r, `byTier.${tier}.meanTickets`);
      const lambda = value(r, `byTier.${tier}.entriesPerHour`) / 60;
      gaps.push(l - lambda * value(r, `byTier.${tier}.meanMinutes`));
      scale += l / results.length;
    }
    const gap = confidenceInterval(gaps);
    const ok = (gap.lo <= 0 && 0 <= gap.hi) || Math.abs(gap.mean) <= 0.05 * scale;
    expect(ok, `Little's law at ${tier}: L - lambda W = ${gap.mean} [${gap.lo}, ${gap.hi}], L ${scale}`).toBe(true);
  }
  return tiers;
}
