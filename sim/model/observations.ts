import { QuantileSketch } from '../metrics/quantileSketch.js';
import { SampleStat } from '../metrics/sampleStat.js';
import { TimeWeighted } from '../metrics/timeWeighted.js';
import { CLOCKS, PRIORITIES, type Scenario } from './scenario.js';
import { SlaBook } from './sla.js';

/** One replication's KPIs as (path, value) pairs in a fixed order; null where undefined (no tickets). */
export type KpiRecord = Array<[string, number | null]>;

const QUANTILES: Array<[string, number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
];

/**
 * What the desk measures. Per-ticket statistics count tickets that arrived inside the measured
 * horizon; time averages (occupancy, queue lengths, open tickets) cover the measured horizon.
 * Everything is bounded: sketches and counters, never a list of tickets.
 */
export class DeskObservations {
  tickets = 0;
  /** Measured arrivals that found no free agent and queued. */
  queuedOnArrival = 0;
  readonly ticketsByPriority = new Float64Array(PRIORITIES.length);

  // Per priority only: the all-ticket figures are the merge of the four, computed once at the
  // end instead of a second record per ticket.
  readonly waitByPriority = PRIORITIES.map(() => new SampleStat());
  /**
   * The first response is the start of the first touch in this model, so it shares the wait's
   * statistics; an acknowledgement ahead of the work (after-hours ACK duty) will split them.
   */
  readonly firstResponseByPriority = this.waitByPriority;
  readonly resolutionByPriority = PRIORITIES.map(() => new SampleStat());
  /** Time queued for a group before one of its agents picked the ticket up, per visit. */
  readonly queuedByGroup: SampleStat[];

  readonly busyByGroup: TimeWeighted[];
  readonly waitingByGroup: TimeWeighted[];
  readonly open = new TimeWeighted();
  readonly sla: SlaBook;

  constructor(private readonly scenario: Scenario) {
    this.queuedByGroup = scenario.groups.map(() => new SampleStat());
    this.busyByGroup = scenario.groups.map(() => new TimeWeighted());
    this.waitingByGroup = scenario.groups.map(() => new TimeWeighted());
    this.sla = new SlaBook(scenario.sla);
  }

  arrived(priority: number, queued: boolean): void {
    this.tickets++;
    this.ticketsByPriority[priority]++;
    if (queued) this.queuedOnArrival++;
  }

  /** First touch started after `wait` minutes (its sketch index given, computed once by the caller). */
  firstTouch(priority: number, wait: number, index: number): void {
    this.waitByPriority[priority].addIndexed(wait, index);
  }

  solved(priority: number, resolution: number): void {
    this.resolutionByPriority[priority].addIndexed(resolution, QuantileSketch.indexOf(resolution));
  }

  /** Drop what the warm-up recorded; levels (busy agents, queues, open tickets) carry over. */
  startMeasuring(now: number): void {
    for (const level of [...this.busyByGroup, ...this.waitingByGroup, this.open]) level.restart(now);
  }

  /** The replication's KPIs at the end of the horizon `now`. */
  kpis(now: number, measuredMinutes: number): KpiRecord {
    const out: KpiRecord = [];
    const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
    const stat = (prefix: string, s: SampleStat, quantiles = QUANTILES): void => {
      out.push([`${prefix}.mean`, s.mean()]);
      for (const [name, q] of quantiles) out.push([`${prefix}.${name}`, s.quantile(q)]);
    };
    const { groups } = this.scenario;

    out.push(['tickets', this.tickets]);
    stat('firstResponseMinutes', SampleStat.combined(this.firstResponseByPriority));
    stat('resolutionMinutes', SampleStat.combined(this.resolutionByPriority));
    stat('waitMinutes', SampleStat.combined(this.waitByPriority));
    out.push(['probWait', ratio(this.queuedOnArrival, this.tickets)]);
    for (let c = 0; c < CLOCKS.length; c++) {
      for (let p = 0; p < PRIORITIES.length; p++) {
        if (this.sla.hasTarget(c, p)) out.push([`sla.${CLOCKS[c]}.${PRIORITIES[p]}`, this.sla.compliance(c, p)]);
      }
    }
    for (let c = 0; c < CLOCKS.length; c++) {
      for (let p = 0; p < PRIORITIES.length; p++) {
        if (this.sla.hasTarget(c, p)) {
          out.push([`slaCensored.${CLOCKS[c]}.${PRIORITIES[p]}`, this.sla.censored[c * PRIORITIES.length + p]]);
        }
      }
    }
    groups.forEach((g, i) => out.push([`occupancy.${g.name}`, ratio(this.busyByGroup[i].mean(now), g.headcount)]));
    out.push(['backlog.meanOpen', this.open.mean(now)]);
    out.push(['backlog.maxOpen', this.open.max]);
    out.push(['backlog.openAtEnd', this.open.level]);
    out.push(['backlog.meanWaiting', this.waitingByGroup.reduce((sum, w) => sum + w.mean(now), 0)]);
    out.push(['arrivalsPerHour', ratio(this.tickets * 60, measuredMinutes)]);
    PRIORITIES.forEach((name, p) => {
      out.push([`byPriority.${name}.tickets`, this.ticketsByPriority[p]]);
      stat(`byPriority.${name}.waitMinutes`, this.waitByPriority[p], [['p90', 0.9]]);
      stat(`byPriority.${name}.firstResponseMinutes`, this.firstResponseByPriority[p]);
      stat(`byPriority.${name}.resolutionMinutes`, this.resolutionByPriority[p]);
    });
    groups.forEach((g, i) => {
      out.push([`byGroup.${g.name}.occupancy`, ratio(this.busyByGroup[i].mean(now), g.headcount)]);
      stat(`byGroup.${g.name}.waitMinutes`, this.queuedByGroup[i], [['p90', 0.9]]);
      out.push([`byGroup.${g.name}.meanWaiting`, this.waitingByGroup[i].mean(now)]);
    });
    return out;
  }
}
