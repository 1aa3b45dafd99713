import type { RunningKpis } from '../../sim/training/replay.js';
import { formatDuration, formatPercent } from '../charts/index.js';
import { h } from '../dom.js';

/**
 * The KPIs as they form while the desk plays: counts since the start of the run and "so far"
 * figures (mean wait, SLA clocks judged so far, occupancy), each with a line saying what it counts.
 */
export interface KpiPanelHandle {
  readonly element: HTMLElement;
  update(kpis: RunningKpis): void;
}

interface Row {
  key: string;
  label: string;
  hint: string;
  value: (k: RunningKpis) => string;
}

const count = (n: number) => n.toLocaleString('en-US');
const share = (v: number | null) => (v === null ? '–' : formatPercent(v, 1));

const ROWS: Row[] = [
  { key: 'arrivals', label: 'Tickets arrived', hint: 'since the start of the run', value: (k) => count(k.arrivals) },
  { key: 'solved', label: 'Solved', hint: 'a reopened ticket counts again when solved again', value: (k) => count(k.solved) },
  { key: 'open', label: 'Open now', hint: '', value: (k) => count(k.open) },
  { key: 'abandoned', label: 'Abandoned', hint: 'callers who hung up while waiting', value: (k) => count(k.abandoned) },
  { key: 'wait', label: 'Mean wait so far', hint: 'arrival to the first touch, tickets picked up', value: (k) => (k.meanWait === null ? '–' : formatDuration(k.meanWait)) },
  { key: 'acknowledge', label: 'Acknowledged in time', hint: '', value: (k) => share(k.acknowledgeCompliance) },
  { key: 'resolution', label: 'Resolved in time', hint: '', value: (k) => share(k.resolutionCompliance) },
  { key: 'occupancy', label: 'Occupancy so far', hint: '', value: (k) => share(k.occupancy) },
  { key: 'escalations', label: 'Escalations', hint: 'hand-offs to a higher tier or engineering', value: (k) => count(k.escalations) },
  { key: 'reopened', label: 'Reopened', hint: 'by the customer after a solve', value: (k) => count(k.reopened) },
  {
    key: 'little',
    label: "Little's law so far",
    hint: '',
    value: (k) => (k.littleL === null ? '–' : `L ${k.littleL.toFixed(1)}`),
  },
];

export function createKpiPanel(): KpiPanelHandle {
  const values = new Map<string, HTMLElement>();
  const hints = new Map<string, HTMLElement>();
  const list = h(
    'dl',
    { class: 'kpi-list' },
    ROWS.map((row) => {
      const value = h('dd', { class: 'kpi-value', 'data-kpi': row.key }, '–');
      const hint = h('span', { class: 'kpi-hint' }, row.hint);
      values.set(row.key, value);
      hints.set(row.key, hint);
      return h('div', { class: 'kpi-row' }, h('dt', {}, row.label, hint), value);
    }),
  );
  const element = h('section', { class: 'kpi-panel', 'aria-label': 'KPIs as they form' }, h('h2', {}, 'KPIs so far'), list);
  return {
    element,
    update(k) {
      for (const row of ROWS) (values.get(row.key) as HTMLElement).textContent = row.value(k);
      (hints.get('open') as HTMLElement).textContent = `${count(k.queued)} queued, ${count(k.inProgress)} being worked, ${count(k.withCustomer)} with the customer${k.atEngineering > 0 ? `, ${count(k.atEngineering)} at engineering` : ''}`;
      (hints.get('acknowledge') as HTMLElement).textContent = `of ${count(k.ackJudged)} first responses so far`;
      (hints.get('resolution') as HTMLElement).textContent = `of ${count(k.resolveJudged)} first solves so far`;
      (hints.get('little') as HTMLElement).textContent =
        k.littleL === null || k.arrivalRate === null || k.littleW === null
          ? 'average tickets open (L) against arrival rate x mean time open (λW)'
          : `average open L = ${k.littleL.toFixed(1)}; λW = ${(k.arrivalRate * 60).toFixed(1)}/h × ${formatDuration(k.littleW)} = ${(k.arrivalRate * k.littleW).toFixed(1)}`;
      (hints.get('occupancy') as HTMLElement).textContent = `busy over on-duty agent time; now ${k.busy} of ${k.staffed} busy`;
    },
  };
}
