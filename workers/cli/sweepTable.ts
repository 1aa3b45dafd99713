import type { KpiTree } from '../../sim/experiment.js';
import type { Scenario } from '../../sim/model/scenario.js';
import type { SweepOutput } from '../experiments.js';
import { duration, kpiAt as at, percent, table } from './kpiTable.js';

/** A sweep as KPI curves: one row per point, the headline KPIs as mean (95% CI). */
export function sweepTable(result: SweepOutput, scenario: Scenario, wallMs: number): string {
  const first = result.points[0]?.kpis ?? {};
  const columns: Array<{ label: string; path: string; format: (x: number) => string }> = [
    { label: 'waited', path: 'probWait', format: percent },
    { label: 'mean wait', path: 'waitMinutes.mean', format: duration },
    { label: 'P90 resolution', path: 'resolutionMinutes.p90', format: duration },
  ];
  for (const target of scenario.targets) {
    if (at(first, `sla.${target.clock}.${target.priority}`)) columns.push({ label: `${target.clock} ${target.priority}`, path: `sla.${target.clock}.${target.priority}`, format: percent });
  }
  for (const group of Object.keys(first.occupancy ?? {})) columns.push({ label: `occupancy ${group}`, path: `occupancy.${group}`, format: percent });
  const header = [...result.params.map((p) => p.path), ...columns.map((c) => c.label)];
  const rows = result.points.map((point) => [
    ...point.values,
    ...columns.map((c) => {
      const v = at(point.kpis, c.path);
      return v ? `${c.format(v.mean)} (${c.format(v.lo)}-${c.format(v.hi)})` : '-';
    }),
  ]);
  const n = result.replications;
  return [
    `Sweep of ${result.scenario}: ${result.points.length} points, ${n} replication${n === 1 ? '' : 's'} each under common random numbers, seed ${result.seed}.`,
    'Each value is the mean across replications with its 95% CI; --json has every KPI at every point.',
    '',
    ...table(header, rows),
    '',
    `${result.points.length} points in ${(wallMs / 1000).toFixed(2)} s`,
  ].join('\n');
}
