import type { DistributionSpec } from '../../sim/random/distributions.js';
import type { FitReport } from '../../sim/calibration/report.js';
import { count, duration, percent, table } from './kpiTable.js';

function describe(spec: DistributionSpec): string {
  switch (spec.type) {
    case 'exponential':
      return `exponential mean ${duration(spec.mean)}`;
    case 'lognormal':
    case 'gamma':
      return `${spec.type} mean ${duration(spec.mean)} cv ${spec.cv.toFixed(2)}`;
    case 'weibull':
      return `weibull shape ${spec.shape.toFixed(2)} scale ${duration(spec.scale)}`;
    case 'empirical':
      return `empirical (${spec.samples.length} quantiles)`;
    default:
      return spec.type;
  }
}

function mix(shares: Record<string, number>): string {
  return Object.entries(shares)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${percent(v)}`)
    .join(', ');
}

/**
 * The fit report as a support manager reads it: the history's own figures first, then how its
 * groups became the scenario's, the staffing estimate, and every fitted distribution beside the
 * data (quantiles side by side, KS distance).
 */
export function calibrateTable(report: FitReport, options: { out?: string; maxGroups?: number } = {}): string {
  const lines: string[] = [];
  const r = report;
  const opt = (v: number | null) => (v === null ? '-' : duration(v));
  lines.push(`Calibrated from ${r.source}: ${count(r.tickets)} tickets created ${r.from} .. ${r.to} (${r.timeZone} wall clock)`);
  lines.push('');
  const facts: Array<[string, string]> = [
    ['Tickets a week', `${r.ticketsPerWeek.toFixed(1)} (weeks ${count(r.weekly.min)} .. ${count(r.weekly.max)}; ${r.weeks} complete weeks used, ${r.weekly.excluded} left out as incomplete)`],
    ['Resolution, median', opt(r.medianResolutionMinutes)],
    ['Resolution, 90th percentile', opt(r.p90ResolutionMinutes)],
    ['First response, median', opt(r.medianFirstResponseMinutes)],
    ['Resolved', percent(r.resolvedShare)],
    ['Priority mix', mix(r.priorityMix)],
    ['Channel mix', mix(r.channelMix)],
    ['Reassigned (more than one group)', `${percent(r.reassignedShare)}, ${r.meanReassignments.toFixed(2)} reassignments a ticket`],
    ['Reopened', percent(r.reopenShare)],
    ['Pending for the customer', r.meanPendingMinutes === null ? 'not shown' : `${percent(r.pendingShare)} of tickets, ${duration(r.meanPendingMinutes)} on average`],
  ];
  const width = Math.max(...facts.map(([label]) => label.length));
  lines.push('The history', ...facts.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`));

  const kept = new Map<string, { tier: string; groups: number; tickets: number }>();
  for (const g of r.groupMapping) {
    const k = kept.get(g.scenarioGroup) ?? { tier: g.tier, groups: 0, tickets: 0 };
    k.groups++;
    k.tickets += g.tickets;
    kept.set(g.scenarioGroup, k);
  }
  lines.push('', `Groups (${r.groupMapping.length} in the history -> ${kept.size} in the scenario)`);
  lines.push(
    ...table(
      ['scenario group', 'tier', 'history groups', 'tickets visiting', 'on duty, mean', 'on duty, peak', 'staffing from', 'touch'],
      r.staffing.map((s) => {
        const k = kept.get(s.group);
        return [s.group, k?.tier ?? '', String(k?.groups ?? 0), count(k?.tickets ?? 0), s.meanOnDuty.toFixed(1), s.peakOnDuty.toFixed(1), s.source, s.touchMinutes === undefined ? '' : duration(s.touchMinutes)];
      }),
    ),
  );
  if (r.routing.length > 0) {
    const top = [...r.routing].sort((a, b) => b.count - a.count).slice(0, 10);
    lines.push('', `Handoffs between scenario groups (top ${top.length} of ${r.routing.length})`);
    lines.push(...table(['from', 'to', 'tickets', 'share of handoffs from'], top.map((h) => [h.from, h.to, count(h.count), percent(h.share)])));
  }

  lines.push('', 'Fitted distributions vs the data (P10 / P50 / P90 / P95: data | fitted)');
  lines.push(
    ...table(
      ['what', 'tickets', 'fitted', 'KS', 'P10', 'P50', 'P90', 'P95'],
      r.fits.map((f) => [
        f.name,
        count(f.count),
        describe(f.fit.spec),
        f.fit.ks.toFixed(3),
        ...f.quantiles.map((q) => `${duration(q.data)} | ${duration(q.fitted)}`),
      ]),
    ),
  );
  if (r.notes.length > 0) lines.push('', 'How the scenario was built', ...r.notes.map((n) => `- ${n}`));
  if (r.warnings.length > 0) lines.push('', 'Warnings', ...r.warnings.map((w) => `- ${w}`));
  if (options.out !== undefined) lines.push('', `Scenario written to ${options.out}: run it with  supportsim run ${options.out}`);
  else lines.push('', 'Add --out scenario.json to save the scenario.');
  return lines.join('\n');
}
