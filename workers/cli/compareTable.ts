import type { KpiTree } from '../../sim/experiment.js';
import type { Scenario } from '../../sim/model/scenario.js';
import type { CompareOutput } from '../experiments.js';
import { count, duration, kpiAt as at, percent, table } from './kpiTable.js';

type Format = (x: number) => string;

/**
 * A comparison as a manager reads it: each KPI for the baseline and each other scenario, with the
 * paired difference and its 95% CI; '*' marks a difference whose interval excludes zero.
 */
export function compareTable(result: CompareOutput, scenarios: readonly Scenario[], wallMs: number): string {
  const [base, ...others] = result.results;
  const rows: Array<{ label: string; path: string; format: Format; delta: Format }> = [
    { label: 'Tickets', path: 'tickets', format: count, delta: signed(count) },
    { label: 'Share that waited for an agent', path: 'probWait', format: percent, delta: points },
    { label: 'Wait for an agent, mean', path: 'waitMinutes.mean', format: duration, delta: signed(duration) },
    { label: 'First response, 90th percentile', path: 'firstResponseMinutes.p90', format: duration, delta: signed(duration) },
    { label: 'First diagnosis, median', path: 'actionableMinutes.p50', format: duration, delta: signed(duration) },
    { label: 'Resolution, median', path: 'resolutionMinutes.p50', format: duration, delta: signed(duration) },
    { label: 'Resolution, 90th percentile', path: 'resolutionMinutes.p90', format: duration, delta: signed(duration) },
  ];
  for (const [clock, byPriority] of Object.entries(base.kpis.sla ?? {})) {
    for (const priority of Object.keys(byPriority as KpiTree)) {
      rows.push({ label: `SLA ${clock} ${priority}`, path: `sla.${clock}.${priority}`, format: percent, delta: points });
    }
  }
  for (const group of Object.keys(base.kpis.occupancy ?? {})) {
    rows.push({ label: `Occupancy of ${group}`, path: `occupancy.${group}`, format: percent, delta: points });
  }
  rows.push(
    { label: 'Open tickets, time average', path: 'backlog.meanOpen', format: (x) => x.toFixed(1), delta: signed((x) => x.toFixed(1)) },
    { label: 'Abandonment rate', path: 'abandonmentRate', format: percent, delta: points },
    { label: 'Escalation rate', path: 'escalationRate', format: percent, delta: points },
    { label: 'Reopen rate', path: 'reopenRate', format: percent, delta: points },
    { label: 'After-hours ACK tasks', path: 'ackDuty.ackTasks', format: count, delta: signed(count) },
  );
  const header = ['', base.scenario, ...others.flatMap((o) => [o.scenario, `change vs ${base.scenario} (95% CI)`])];
  const body: string[][] = [];
  for (const row of rows) {
    const b = at(base.kpis, row.path);
    const cells = others.flatMap((o) => {
      const v = at(o.kpis, row.path);
      const d = at(result.deltas[o.scenario]?.kpis, row.path);
      if (!v || !d) return [v ? row.format(v.mean) : '-', '-'];
      const excludesZero = d.lo > 0 || d.hi < 0;
      return [row.format(v.mean), `${row.delta(d.mean)} (${row.delta(d.lo)} .. ${row.delta(d.hi)})${excludesZero ? ' *' : ''}`];
    });
    if (!b && cells.every((c) => c === '-')) continue;
    body.push([row.label, b ? row.format(b.mean) : '-', ...cells]);
  }
  const n = base.replications;
  const lines = [
    `Compared with ${base.scenario} under common random numbers: ${n} replication${n === 1 ? '' : 's'} each, seed ${base.seed}.`,
    'Each value is the mean across replications; a change is the mean paired difference (scenario minus',
    'baseline, replication by replication) with its 95% CI; * marks a change whose interval excludes zero.',
    '',
    ...table(header, body),
    '',
    `${scenarios.length} scenarios in ${(wallMs / 1000).toFixed(2)} s`,
  ];
  return lines.join('\n');
}


function signed(format: Format): Format {
  return (x) => {
    const text = format(Math.abs(x));
    // Only a difference that survives rounding gets a sign.
    return text === format(0) ? text : `${x > 0 ? '+' : '-'}${text}`;
  };
}

/** A change in a share, in percentage points. */
function points(x: number): string {
  const p = (x * 100).toFixed(1);
  if (Number(p) === 0) return '0.0 pt';
  return `${x > 0 ? '+' : ''}${p} pt`;
}
