import type { KpiTree } from '../sim/experiment.js';
import type { Interval } from '../sim/metrics/confidence.js';
import { CLOCKS, PRIORITIES } from './vocabulary.js';
import type { CompareOutput } from '../workers/experiments.js';
import { count, duration, kpiAt, percent } from '../workers/cli/kpiTable.js';

/**
 * What a support manager reads in a comparison: the KPIs worth a row, in plain words, with the
 * direction that counts as better, and the comparison as CSV for a spreadsheet.
 */

export type Format = (x: number) => string;
/** Which way is good: a share within target up, a wait down; `null` for neither (volume, occupancy). */
export type Better = 'higher' | 'lower' | null;

export interface KpiRow {
  section: string;
  label: string;
  /** A short explanation for the row's tooltip. */
  hint: string;
  path: string;
  format: Format;
  delta: Format;
  better: Better;
}

export const CLOCK_WORDS: Record<string, string> = {
  acknowledge: 'Acknowledge',
  actionable: 'Actionable response',
  update: 'Update',
  resolution: 'Resolution',
};

const decimal: Format = (x) => x.toFixed(1);

/** The rows for a comparison: the KPIs the baseline or any other scenario reports, in reading order. */
export function kpiRows(output: CompareOutput): KpiRow[] {
  const rows: KpiRow[] = [];
  const add = (section: string, label: string, path: string, format: Format, better: Better, hint: string, delta?: Format) =>
    rows.push({ section, label, path, format, delta: delta ?? (format === percent ? points : signed(format)), better, hint });

  add('Volume', 'Tickets in the measured period', 'tickets', count, null, 'Tickets that arrived after the warm-up; the same in every scenario with the same demand.');
  add('Speed', 'Share that waited for an agent', 'probWait', percent, 'lower', 'Share of tickets that found nobody free to start on them.');
  add('Speed', 'Wait for an agent, mean', 'waitMinutes.mean', duration, 'lower', 'From arrival to the start of the first work on the ticket.');
  add('Speed', 'First response (acknowledge), median', 'firstResponseMinutes.p50', duration, 'lower', 'Half the tickets were acknowledged faster than this.');
  add('Speed', 'First response (acknowledge), 90th percentile', 'firstResponseMinutes.p90', duration, 'lower', '9 tickets in 10 were acknowledged faster than this.');
  add('Speed', 'Actionable response, median', 'actionableMinutes.p50', duration, 'lower', 'Time to the first diagnosis by the team that owns the ticket.');
  add('Speed', 'Resolution, median', 'resolutionMinutes.p50', duration, 'lower', 'Half the tickets were solved faster than this.');
  add('Speed', 'Resolution, 90th percentile', 'resolutionMinutes.p90', duration, 'lower', '9 tickets in 10 were solved faster than this.');

  const reported = (path: string) => output.results.some((r) => kpiAt(r.kpis, path));
  for (const clock of CLOCKS) {
    for (const priority of PRIORITIES) {
      const path = `sla.${clock}.${priority}`;
      if (reported(path)) add('SLA compliance', `${CLOCK_WORDS[clock]} within target, ${priority}`, path, percent, 'higher', `Share of ${priority} tickets whose ${clock} clock met its target.`);
    }
  }
  const groups = new Set<string>();
  for (const r of output.results) for (const g of Object.keys((r.kpis.occupancy as KpiTree | undefined) ?? {})) groups.add(g);
  for (const g of groups) add('Workload', `Occupancy of ${g}`, `occupancy.${g}`, percent, null, `Share of ${g}'s time on duty (breaks excluded) spent working tickets.`);
  add('Workload', 'Open tickets, time average', 'backlog.meanOpen', decimal, 'lower', 'Tickets not yet solved, averaged over the measured period.');
  add('Workload', 'Open tickets at the end', 'backlog.openAtEnd', decimal, 'lower', 'The backlog left when the measured period ends.');
  add('Quality', 'Callers who hung up (abandonment)', 'abandonmentRate', percent, 'lower', 'Share of phone and chat customers who gave up waiting.');
  add('Quality', 'Escalation rate', 'escalationRate', percent, 'lower', 'Share of tickets passed to a higher tier.');
  add('Quality', 'Reopen rate', 'reopenRate', percent, 'lower', 'Share of solved tickets the customer reopened.');
  add('After hours', 'Tickets arriving after hours', 'ackDuty.afterHoursTickets', count, null, 'Tickets that arrived while the business calendar was closed.');
  add('After hours', 'ACK tasks by the on-call engineer', 'ackDuty.ackTasks', count, null, 'Acknowledgements with an ETA sent outside business hours (ACK duty).');
  add('After hours', 'Missed ETAs', 'ackDuty.missedEta', decimal, null, 'ETAs promised by the on-call engineer that the team did not meet.');
  // Rates and after-hours counts that are zero everywhere belong to features the desks do not
  // have (no phone line, no reopening, no ACK duty): rows of zeros only hide the rest.
  const zeroEverywhere = (path: string) => output.results.every((r) => {
    const v = kpiAt(r.kpis, path);
    return !v || (v.mean === 0 && v.lo === 0 && v.hi === 0);
  });
  return rows.filter((row) => reported(row.path) && !((row.section === 'Quality' || row.section === 'After hours') && zeroEverywhere(row.path)));
}

/** The change of a share in percentage points. */
export function points(x: number): string {
  const p = (x * 100).toFixed(1);
  if (Number(p) === 0) return '0.0 pt';
  return `${x > 0 ? '+' : ''}${p} pt`;
}

export function signed(format: Format): Format {
  return (x) => {
    const text = format(Math.abs(x));
    return text === format(0) ? text : `${x > 0 ? '+' : '-'}${text}`;
  };
}

/** 'better' or 'worse' when the paired CI excludes zero and the KPI has a good direction, 'changed' without one; else null. */
export function verdict(delta: Interval, better: Better): 'better' | 'worse' | 'changed' | null {
  const excludesZero = delta.lo > 0 || delta.hi < 0;
  if (!excludesZero) return null;
  if (better === null) return 'changed';
  return (delta.mean > 0) === (better === 'higher') ? 'better' : 'worse';
}

/** Every leaf of a KPI tree as (dotted path, interval), depth first. */
export function flattenKpis(tree: KpiTree | undefined, prefix = ''): Array<[string, Interval]> {
  const out: Array<[string, Interval]> = [];
  for (const [key, node] of Object.entries(tree ?? {})) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof (node as Interval).mean === 'number') out.push([path, node as Interval]);
    else out.push(...flattenKpis(node as KpiTree, path));
  }
  return out;
}

/**
 * The comparison as CSV: one line per KPI and scenario, with the mean and 95% CI, and for the
 * other scenarios the paired change vs the baseline and its CI. Every KPI, not only the table's.
 */
export function resultsCsv(output: CompareOutput): string {
  const header = ['kpi', 'scenario', 'is_baseline', 'mean', 'ci_lo', 'ci_hi', 'change_vs_baseline', 'change_ci_lo', 'change_ci_hi', 'replications', 'seed'];
  const lines = [header.join(',')];
  const paths = new Set<string>();
  for (const r of output.results) for (const [path] of flattenKpis(r.kpis)) paths.add(path);
  for (const path of paths) {
    output.results.forEach((r, i) => {
      const v = kpiAt(r.kpis, path);
      if (!v) return;
      const d = i === 0 ? undefined : kpiAt(output.deltas[r.scenario]?.kpis, path);
      lines.push(
        [path, r.scenario, i === 0 ? 'yes' : 'no', v.mean, v.lo, v.hi, d?.mean ?? '', d?.lo ?? '', d?.hi ?? '', r.replications, r.seed]
          .map(csvCell)
          .join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(Number(value.toPrecision(8))) : '') : value;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
