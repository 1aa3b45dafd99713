import type { DistributionFit, FitReport } from '../../sim/calibration/report.js';
import { formatDuration, formatHourOfWeek, formatNumber, occupancyHeatmap, type OccupancyRow } from '../charts/index.js';
import { h, replaceChildren } from '../dom.js';
import { arrivalsByHour, describeSpec, ksWords, mixText, onDutyByHour, quantileGap } from './reportFigures.js';
import type { ImportOutcome } from './session.js';

/**
 * The fit report of an import, as a support manager reads it: the history's own figures first,
 * then when tickets arrive against when people work, how the history's groups became the
 * scenario's and how tickets moved between them, and every fitted distribution beside the data.
 * Returns a function that redraws the chart (at a new page width).
 */
export function renderReport(host: HTMLElement, outcome: ImportOutcome): () => void {
  const { reply, run } = outcome;
  const r = reply.report;
  const figure = h('figure', { class: 'chart wide import-profile', 'data-chart': 'arrivals', id: 'import-profile' });
  const plot = h('div', { class: 'chart-plot' });
  const rows = profileRows(outcome);
  const drawChart = () => {
    const width = Math.max(480, Math.floor(plot.clientWidth || 1180));
    const svg = occupancyHeatmap(rows.map((row) => row.chart), {
      width,
      height: 90 + 34 * rows.length,
      quantity: 'Share of the row’s busiest hour',
      ariaLabel: profileDescription(rows),
    });
    // The heatmap's tooltips speak of occupancy; these rows hold tickets and people.
    const cells = svg.querySelectorAll('g.row');
    cells.forEach((g, i) => {
      g.querySelectorAll('rect.cell title').forEach((title, hour) => (title.textContent = rows[i].tooltip(hour)));
    });
    replaceChildren(plot, svg);
  };
  figure.append(
    h('div', { class: 'chart-head' }, h('h3', {}, 'When tickets arrive, and who is there to take them')),
    h('figcaption', { class: 'caption' },
      'Each row is one week, Monday 00:00 to Sunday 24:00, in the export’s time zone. Top: tickets arriving in each hour (the profile the scenario uses, at the history’s weekly volume); ',
      'below: the people the scenario puts on duty in each group, estimated from the log’s activity or from the work to be done. Each row is coloured against its own busiest hour; hover a cell for the numbers.',
    ),
    plot,
  );

  const dropped = reply.ticketsRead - reply.ticketsKept;
  replaceChildren(
    host,
    h('div', { class: 'results-head' },
      h('h2', {}, `Calibrated from ${run.fileName}`),
      h('p', { class: 'import-about' },
        `${count(r.tickets)} tickets created ${r.from.replace('T', ' ')} to ${r.to.replace('T', ' ')} (wall clock, ${r.timeZone}), read from ${count(reply.rows)} rows in ${seconds(reply.readMs)} and fitted in ${seconds(reply.fitMs)}`,
        dropped > 0 ? `; ${count(dropped)} of the file’s ${count(reply.ticketsRead)} tickets were outside the period chosen` : '',
        '.',
      ),
    ),
    figuresSection(r),
    figure,
    groupsSection(r),
    routingSection(r),
    fitsSection(r),
    r.warnings.length > 0
      ? h('section', { class: 'plan-section import-warnings', id: 'import-warnings' },
          h('h2', {}, 'Rows the reader had doubts about'),
          h('p', { class: 'section-intro' }, 'These did not stop the import; each names the first row where it happened.'),
          h('ul', {}, r.warnings.slice(0, 20).map((w) => h('li', {}, w))),
          r.warnings.length > 20 ? h('p', { class: 'muted' }, `… and ${r.warnings.length - 20} more kinds.`) : null,
        )
      : null,
    r.notes.length > 0
      ? h('details', { class: 'plan-section import-notes' },
          h('summary', {}, h('strong', {}, 'How the scenario was built'), h('span', { class: 'muted' }, ` (${r.notes.length} notes: assumptions and what a log cannot show)`)),
          h('ul', {}, r.notes.map((n) => h('li', {}, n))),
        )
      : null,
  );
  host.dataset.charts = 'pending';
  setTimeout(() => {
    drawChart();
    host.dataset.charts = 'drawn';
    performance.mark('supportsim:import-chart-drawn');
  }, 0);
  return drawChart;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const seconds = (ms: number) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);
const opt = (v: number | null) => (v === null ? 'not in the export' : formatDuration(v));

function section(id: string, title: string, intro: string, ...body: Array<HTMLElement | null>): HTMLElement {
  return h('section', { class: 'plan-section', id }, h('h2', {}, title), h('p', { class: 'section-intro' }, intro), ...body);
}

function figuresSection(r: FitReport): HTMLElement {
  const card = (key: string, label: string, value: string, sub: string) =>
    h('div', { class: 'figure-card', 'data-figure': key }, h('span', { class: 'figure-label' }, label), h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-sub' }, sub));
  const facts: Array<[string, string, string]> = [
    ['priority-mix', 'Priority mix', mixText(r.priorityMix)],
    ['channel-mix', 'Channel mix', mixText(r.channelMix, true)],
    ['resolved', 'Resolved in the export', pct(r.resolvedShare)],
    ['reassigned', 'Reassigned (visited more than one group)', `${pct(r.reassignedShare)}, ${r.meanReassignments.toFixed(2)} reassignments a ticket`],
    ['reopened', 'Reopened', pct(r.reopenShare)],
    ['pending', 'Waiting for the customer', r.meanPendingMinutes === null ? 'not shown by the export’s statuses' : `${pct(r.pendingShare)} of tickets, ${formatDuration(r.meanPendingMinutes)} on average`],
  ];
  return section(
    'import-figures',
    'The history’s own figures',
    'Measured on the tickets themselves, before any fit: what the simulated desk should reproduce.',
    h('div', { class: 'figure-cards' },
      card('tickets-per-week', 'Tickets a week', formatNumber(r.ticketsPerWeek), `${r.weeks} complete week${r.weeks === 1 ? '' : 's'} (${count(r.weekly.min)} to ${count(r.weekly.max)}); ${r.weekly.excluded} partial left out`),
      card('median-resolution', 'Resolution, median', opt(r.medianResolutionMinutes), 'created to resolved'),
      card('p90-resolution', 'Resolution, 90th percentile', opt(r.p90ResolutionMinutes), '9 in 10 tickets are resolved within'),
      card('median-first-response', 'First response, median', opt(r.medianFirstResponseMinutes), 'created to first pickup or reply'),
    ),
    h('table', { class: 'plan-table import-facts', id: 'import-facts' },
      h('caption', { class: 'visually-hidden' }, 'More figures of the history'),
      h('tbody', {}, facts.map(([key, label, value]) => h('tr', { 'data-figure': key }, h('th', { scope: 'row' }, label), h('td', {}, value)))),
    ),
  );
}

interface ProfileRow {
  chart: OccupancyRow;
  tooltip(hour: number): string;
  summary: string;
}

function profileRows(outcome: ImportOutcome): ProfileRow[] {
  const scenario = outcome.reply.scenario;
  const arrivals = arrivalsByHour(scenario);
  const peak = Math.max(...arrivals);
  const busiest = arrivals.indexOf(peak);
  const rows: ProfileRow[] = [
    {
      chart: { group: 'Tickets arriving', values: arrivals.map((v) => (peak > 0 ? v / peak : 0)) },
      tooltip: (hour) => `Tickets arriving, ${formatHourOfWeek(hour)}: ${formatNumber(arrivals[hour])} tickets in an average week`,
      summary: `tickets arriving peak at ${formatNumber(peak)} in the hour ${formatHourOfWeek(busiest)}`,
    },
  ];
  for (const group of scenario.groups) {
    const duty = onDutyByHour(group);
    const most = Math.max(...duty);
    const open = duty.filter((v) => v > 0).length;
    rows.push({
      chart: { group: `On duty: ${group.name}`, values: duty.map((v) => (most > 0 ? v / most : 0)), staffed: duty },
      tooltip: (hour) => `${group.name}, ${formatHourOfWeek(hour)}: ${duty[hour] > 0 ? `${formatNumber(duty[hour])} ${duty[hour] === 1 ? 'person' : 'people'} on duty` : 'nobody on duty'}`,
      summary: `${group.name} staffed ${open} of 168 hours, at most ${formatNumber(most)} people`,
    });
  }
  return rows;
}

function profileDescription(rows: ProfileRow[]): string {
  return `Hour of the week heatmap (Monday 00:00 first): ${rows.map((r) => r.summary).join('; ')}. Each row coloured from dark purple (none) to yellow (its busiest hour); hours nobody is on duty hatched grey.`;
}

function groupsSection(r: FitReport): HTMLElement {
  const kept = new Map<string, { tier: string; names: string[]; tickets: number }>();
  for (const g of r.groupMapping) {
    const k = kept.get(g.scenarioGroup) ?? { tier: g.tier, names: [], tickets: 0 };
    k.names.push(g.group);
    k.tickets += g.tickets;
    kept.set(g.scenarioGroup, k);
  }
  const source = (s: string) => (s === 'activity' ? 'agents seen working in the log' : 'the work to be done (no activity in the log)');
  return section(
    'import-staffing',
    'Groups and staffing estimate',
    `The history’s ${r.groupMapping.length} group${r.groupMapping.length === 1 ? '' : 's'} became ${kept.size} in the scenario (the busiest kept, the rest merged into “other”). People on duty: the scenario’s roster, averaged over the week’s 168 hours and at its busiest hour.`,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'plan-table', id: 'import-groups' },
        h('caption', { class: 'visually-hidden' }, 'Scenario groups, the history groups in them, and the staffing estimate'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Scenario group'), h('th', { scope: 'col' }, 'Tier'), h('th', { scope: 'col' }, 'From the history’s groups'),
          h('th', { scope: 'col', class: 'num' }, 'Tickets visiting'), h('th', { scope: 'col', class: 'num' }, 'On duty, mean'), h('th', { scope: 'col', class: 'num' }, 'On duty, peak'),
          h('th', { scope: 'col' }, 'Estimated from'),
        )),
        h('tbody', {}, r.staffing.map((s) => {
          const k = kept.get(s.group);
          const names = k?.names ?? [];
          return h('tr', { 'data-group': s.group },
            h('th', { scope: 'row' }, s.group),
            h('td', {}, k?.tier ?? ''),
            h('td', {}, names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`),
            h('td', { class: 'num' }, count(k?.tickets ?? 0)),
            h('td', { class: 'num' }, s.meanOnDuty.toFixed(1)),
            h('td', { class: 'num' }, s.peakOnDuty.toFixed(1)),
            h('td', {}, source(s.source)),
          );
        })),
      ),
    ),
  );
}

function routingSection(r: FitReport): HTMLElement {
  const top = [...r.routing].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)).slice(0, 12);
  return section(
    'import-routing',
    'Reassignment and routing',
    `${pct(r.reassignedShare)} of tickets visited more than one group (${r.meanReassignments.toFixed(2)} reassignments a ticket on average). ` +
      (top.length > 0 ? 'Handoffs between the scenario’s groups, most frequent first: share = of the tickets leaving that group.' : 'The export shows no handoff between the scenario’s groups.'),
    top.length > 0
      ? h('div', { class: 'table-wrap' },
          h('table', { class: 'plan-table', id: 'import-routing-table' },
            h('caption', { class: 'visually-hidden' }, 'Handoffs between scenario groups'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'), h('th', { scope: 'col', class: 'num' }, 'Tickets'), h('th', { scope: 'col', class: 'num' }, 'Share of handoffs from'))),
            h('tbody', {}, top.map((x) => h('tr', {}, h('td', {}, x.from), h('td', {}, x.to), h('td', { class: 'num' }, count(x.count)), h('td', { class: 'num' }, pct(x.share))))),
          ),
          r.routing.length > top.length ? h('p', { class: 'muted' }, `… and ${r.routing.length - top.length} rarer handoffs.`) : null,
        )
      : null,
  );
}

function fitsSection(r: FitReport): HTMLElement {
  const groups: Array<[string, DistributionFit[]]> = [
    ['First response', r.fits.filter((f) => f.measure === 'firstResponse')],
    ['Resolution', r.fits.filter((f) => f.measure === 'resolution')],
  ];
  return section(
    'import-fits',
    'Fitted distributions against the data',
    'Each time the scenario draws from a fitted distribution. Quantiles side by side: the data’s, the fit’s, and how far apart. KS distance: the largest gap between the two cumulative curves (under 0.05: close; over 0.1: loose). ' +
      'By priority and by group where 30 or more tickets allow a fit of their own.',
    ...groups.filter(([, fits]) => fits.length > 0).map(([title, fits]) => h('div', { class: 'fit-group' }, h('h3', {}, title), h('div', { class: 'fit-grid' }, fits.map(fitTable)))),
    r.fits.length === 0
      ? h('p', { class: 'muted', id: 'import-no-fits' }, 'No distribution could be fitted: the export shows no first response and no resolution time for two or more tickets. The scenario uses default times; check the column names above.')
      : null,
  );
}

function fitTable(f: DistributionFit): HTMLElement {
  const words = ksWords(f.fit.ks);
  const others = f.fit.candidates.filter((c) => c.type !== f.fit.spec.type).sort((a, b) => a.ks - b.ks).slice(0, 3);
  return h('div', { class: 'fit-card', 'data-fit': f.name },
    h('table', { class: 'plan-table fit-table' },
      h('caption', {},
        h('strong', {}, capital(f.name)),
        h('span', { class: 'sub' }, `${count(f.count)} tickets · ${describeSpec(f.fit.spec)}`),
        h('span', { class: `sub ks ${words}` }, `KS distance ${f.fit.ks.toFixed(3)} (${words})`, others.length > 0 ? ` · also tried ${others.map((c) => `${c.type} ${c.ks.toFixed(3)}`).join(', ')}` : ''),
      ),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Quantile'), h('th', { scope: 'col', class: 'num' }, 'Data'), h('th', { scope: 'col', class: 'num' }, 'Fitted'), h('th', { scope: 'col', class: 'num' }, 'Fit vs data'),
      )),
      h('tbody', {}, f.quantiles.map((q) => {
        const gap = quantileGap(q.data, q.fitted);
        return h('tr', { 'data-p': String(q.p) },
          h('th', { scope: 'row' }, `P${Math.round(q.p * 100)}`),
          h('td', { class: 'num' }, formatDuration(q.data)),
          h('td', { class: 'num' }, formatDuration(q.fitted)),
          h('td', { class: `num gap${Math.abs(gap) > 0.2 ? ' far' : ''}` }, Number.isFinite(gap) ? `${gap >= 0 ? '+' : '−'}${Math.abs(gap * 100).toFixed(0)}%` : '–'),
        );
      })),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Mean'), h('td', { class: 'num' }, formatDuration(f.mean)), h('td', { class: 'num muted', colspan: 2 }, `median ${formatDuration(f.median)}`))),
    ),
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
