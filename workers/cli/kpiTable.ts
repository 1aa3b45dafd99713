import type { KpiTree, RunSummary } from '../../sim/experiment.js';
import type { Interval } from '../../sim/metrics/confidence.js';
import type { Scenario } from '../../sim/model/scenario.js';

/**
 * The run as a support manager reads it: plain words, durations in minutes/hours/days,
 * each value with its 95% confidence interval, and SLA rows judged against their targets.
 */
export function kpiTable(summary: RunSummary, scenario: Scenario, wallMs: number): string {
  const k = summary.kpis;
  const rows: Array<[string, string, string]> = [];
  const add = (label: string, value: Interval | undefined, format: (x: number) => string): void => {
    if (value) rows.push([label, format(value.mean), `${format(value.lo)} - ${format(value.hi)}`]);
  };
  const durations = (label: string, tree: KpiTree | undefined): void => {
    if (!tree) return;
    add(`${label}, mean`, leaf(tree, 'mean'), duration);
    add(`${label}, median`, leaf(tree, 'p50'), duration);
    add(`${label}, 90th percentile`, leaf(tree, 'p90'), duration);
    add(`${label}, 95th percentile`, leaf(tree, 'p95'), duration);
  };

  add('Tickets (measured horizon)', leaf(k, 'tickets'), count);
  add('Tickets an hour', leaf(k, 'arrivalsPerHour'), (x) => x.toFixed(1));
  add('Share that waited for an agent', leaf(k, 'probWait'), percent);
  durations('Wait for an agent', branch(k, 'waitMinutes'));
  durations('First response', branch(k, 'firstResponseMinutes'));
  durations('Resolution', branch(k, 'resolutionMinutes'));
  const backlog = branch(k, 'backlog');
  if (backlog) {
    add('Open tickets, time average', leaf(backlog, 'meanOpen'), (x) => x.toFixed(1));
    add('Waiting tickets, time average', leaf(backlog, 'meanWaiting'), (x) => x.toFixed(2));
    add('Open tickets, peak', leaf(backlog, 'maxOpen'), count);
    add('Open tickets at the end', leaf(backlog, 'openAtEnd'), count);
  }
  for (const group of scenario.groups) {
    const people = group.shifts.length > 0 ? group.shifts.reduce((n, s) => n + s.headcount, 0) : group.headcount;
    const rostered = group.shifts.length > 0 ? `${people} on shifts` : `${people} on duty 24x7`;
    add(`Occupancy of ${group.name} (${rostered})`, leaf(branch(k, 'occupancy'), group.name), percent);
  }

  const lines: string[] = [];
  const days = (d: number) => `${d} day${d === 1 ? '' : 's'}`;
  lines.push(`${summary.scenario}: ${days(summary.horizonDays)} measured${summary.warmupDays > 0 ? ` after ${days(summary.warmupDays)} of warm-up` : ''}, ${summary.replications} replication${summary.replications === 1 ? '' : 's'}, seed ${summary.seed}`);
  lines.push(summary.replications > 1 ? 'Each value is the mean across replications with its 95% confidence interval.' : 'One replication: no confidence interval (use --replications 10 or more).');
  lines.push('');
  lines.push(...table(['', 'mean', '95% CI'], rows));

  const slaRows = slaTable(summary, scenario);
  if (slaRows.length > 0) {
    lines.push('', 'SLA compliance (share of tickets within target; open tickets not yet past target are not counted)');
    lines.push(...table(['clock', 'priority', 'target', 'compliance', '95% CI', 'required', 'verdict'], slaRows));
  }

  const byPriority = branch(k, 'byPriority');
  if (byPriority) {
    const prioRows: string[][] = [];
    for (const p of ['P1', 'P2', 'P3', 'P4']) {
      const b = branch(byPriority, p);
      const tickets = leaf(b, 'tickets');
      if (!b || !tickets || tickets.mean === 0) continue;
      prioRows.push([
        p,
        count(tickets.mean),
        fmt(leaf(branch(b, 'waitMinutes'), 'mean'), duration),
        fmt(leaf(branch(b, 'waitMinutes'), 'p90'), duration),
        fmt(leaf(branch(b, 'resolutionMinutes'), 'p50'), duration),
        fmt(leaf(branch(b, 'resolutionMinutes'), 'p90'), duration),
      ]);
    }
    if (prioRows.length > 0) {
      lines.push('', 'By priority (means across replications)');
      lines.push(...table(['priority', 'tickets', 'mean wait', 'P90 wait', 'median resolution', 'P90 resolution'], prioRows));
    }
  }
  lines.push('', `${count(summary.events)} events in ${(wallMs / 1000).toFixed(2)} s`);
  return lines.join('\n');
}

function slaTable(summary: RunSummary, scenario: Scenario): string[][] {
  const sla = branch(summary.kpis, 'sla');
  const rows: string[][] = [];
  for (const target of scenario.targets) {
    const value = leaf(branch(sla, target.clock), target.priority);
    // The policy most tickets of this priority get: one without segment or channel filters, if any.
    const matches = scenario.slaPolicies.filter((p) => (p.priorities.length === 0 || p.priorities.includes(target.priority)) && p.clocks[target.clock]);
    const policy = matches.find((p) => p.segments.length === 0 && p.channels.length === 0) ?? matches[0];
    const clock = policy?.clocks[target.clock];
    // Business-calendar targets count open minutes only: say so in hours, not in wall-clock days.
    const goal = !clock ? '-' : clock.calendar === '24x7' ? duration(clock.targetMinutes) : `${businessHours(clock.targetMinutes)} (${clock.calendar})`;
    if (!value) {
      rows.push([target.clock, target.priority, goal, 'no tickets', '', percent(target.compliance), '']);
      continue;
    }
    // Judged at the 95% level: met only when the whole interval clears the requirement.
    const verdict = value.lo >= target.compliance ? 'met' : value.hi < target.compliance ? 'MISSED' : 'uncertain';
    rows.push([
      target.clock,
      target.priority,
      goal,
      percent(value.mean),
      `${percent(value.lo)} - ${percent(value.hi)}`,
      percent(target.compliance),
      verdict,
    ]);
  }
  return rows;
}

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function branch(tree: KpiTree | undefined, key: string): KpiTree | undefined {
  const node = tree?.[key];
  return node && !isInterval(node) ? node : undefined;
}

export function leaf(tree: KpiTree | undefined, key: string): Interval | undefined {
  const node = tree?.[key];
  return node && isInterval(node) ? node : undefined;
}

function isInterval(node: KpiTree | Interval): node is Interval {
  return typeof (node as Interval).mean === 'number';
}

function fmt(value: Interval | undefined, format: (x: number) => string): string {
  return value ? format(value.mean) : '-';
}

export function count(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Minutes as the unit a manager would use: seconds under a minute, hours past two, days past two days. */
export function duration(minutes: number): string {
  if (minutes < 1) return `${(minutes * 60).toFixed(1)} s`;
  if (minutes < 120) return `${minutes.toFixed(1)} min`;
  if (minutes < 2880) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

function businessHours(minutes: number): string {
  return minutes < 60 ? `${minutes.toFixed(0)} min` : `${Number((minutes / 60).toFixed(1))} h`;
}

/** The interval at a dotted path of a KPI tree ('sla.acknowledge.P2'), if there is one. */
export function kpiAt(tree: KpiTree | undefined, path: string): Interval | undefined {
  let node: KpiTree | Interval | undefined = tree;
  for (const key of path.split('.')) node = node && !isInterval(node) ? node[key] : undefined;
  return node && isInterval(node) ? node : undefined;
}
