import { expect } from 'vitest';
import type { KpiTree } from '../../sim/experiment.js';
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
