import { MeanStat, SampleStat } from '../metrics/sampleStat.js';
import { TimeWeighted } from '../metrics/timeWeighted.js';
import { CLOCKS, PRIORITIES, TIERS, type Scenario } from './scenario.js';
import type { SlaBook } from './sla.js';

/** One replication's KPIs as (path, value) pairs in a fixed order; null where undefined (no tickets). */
export type KpiRecord = Array<[string, number | null]>;
/** One replication's time series by name (a value per step, or per hour of the week). */
export type SeriesRecord = Array<[string, number[]]>;

const QUANTILES: Array<[string, number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
];

/** Probabilities at which the distribution series give quantiles: 1%, 5%, 10%, ..., 95%, 99%. */
export const DISTRIBUTION_GRID = [0.01, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 0.05), 0.99];

/** Backlog-age alarms from the seeds: P2 older than 3 days, P3 older than 14 days. */
export const AGE_ALARMS: Array<{ priority: number; days: number }> = [
  { priority: 1, days: 3 },
  { priority: 2, days: 14 },
];

/**
 * What the desk measures. Per-ticket statistics count tickets that arrived inside the measured
 * horizon; time averages cover the measured horizon. Everything is bounded: sketches, counters and
 * fixed-length series, never a list of tickets.
 */
export class DeskObservations {
  tickets = 0;
  /** Measured arrivals that found no free agent for their first touch. */
  queuedOnArrival = 0;
  readonly ticketsByPriority = new Float64Array(PRIORITIES.length);
  solved = 0;
  abandoned = 0;
  deflected = 0;
  /** Measured tickets never solved nor abandoned by the end of the horizon. */
  openAtEnd = 0;
  escalated = 0;
  reopened = 0;
  pingPong = 0;
  handoffs = 0;
  hierarchical = 0;
  automatic = 0;
  preempted = 0;
  handovers = 0;
  afterHours = 0;
  ackTasks = 0;
  ackMinutes = 0;
  missedEta = 0;
  followUps = 0;
  paged = 0;
  /** Time from arrival to the first pickup (or hang-up) and to the first solve (or hang-up). */
  readonly firstWait = new MeanStat();
  readonly sojourn = new MeanStat();

  /**
   * Waits and first responses share records: a ticket first answered at its pickup has one wait
   * that is also its first response; a ticket acknowledged before (after-hours ACK) has a wait and
   * a separate response time. Wait = the first and second; first response = the first and third.
   */
  readonly waitRespondedAtPickup = PRIORITIES.map(() => new SampleStat());
  readonly waitAfterAck = PRIORITIES.map(() => new SampleStat());
  readonly responseBeforePickup = PRIORITIES.map(() => new SampleStat());
  readonly actionableByPriority = PRIORITIES.map(() => new SampleStat());
  readonly resolutionByPriority = PRIORITIES.map(() => new SampleStat());
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  /** Time queued for a group before one of its agents picked the ticket up, per visit. */
  declare readonly queuedByGroup: SampleStat[];
  declare readonly busyByGroup: TimeWeighted[];
  declare readonly staffedByGroup: TimeWeighted[];
  /** Tickets at each tier (queued, in progress or pending there), entries, and time spent per visit. */
  readonly atTier: TimeWeighted[] = TIERS.map(() => new TimeWeighted());
  readonly tierEntries = new Float64Array(TIERS.length);
  readonly tierTime: MeanStat[] = TIERS.map(() => new MeanStat());
  /** Tickets not yet solved the first time (nor abandoned), and those waiting for their first pickup. */
  readonly open = new TimeWeighted();
  readonly waitingFirst = new TimeWeighted();

  readonly arrivalsByHourOfWeek = new Float64Array(168);
  declare readonly busyByHourOfWeek: Float64Array[];
  declare readonly staffedByHourOfWeek: Float64Array[];
  declare readonly seriesStep: number;
  declare readonly seriesLength: number;
  declare readonly backlogByTier: Float64Array[];
  declare readonly backlogByPriority: Float64Array[];
  declare readonly agedByAlarm: Float64Array[];
  declare readonly arrivalsByStep: Float64Array;

  private declare readonly scenario: Scenario;
  declare readonly sla: SlaBook;

  constructor(scenario: Scenario, sla: SlaBook, measuredMinutes: number) {
    this.scenario = scenario;
    this.sla = sla;
    const groups = scenario.groups;
    this.queuedByGroup = groups.map(() => new SampleStat());
    this.busyByGroup = groups.map(() => new TimeWeighted());
    this.staffedByGroup = groups.map(() => new TimeWeighted());
    this.busyByHourOfWeek = groups.map(() => new Float64Array(168));
    this.staffedByHourOfWeek = groups.map(() => new Float64Array(168));
    // Hourly points up to a month, daily beyond: enough to see a Monday peak, bounded for a year.
    this.seriesStep = measuredMinutes <= 31 * 1440 ? 60 : 1440;
    this.seriesLength = Math.max(1, Math.ceil(measuredMinutes / this.seriesStep));
    const make = () => new Float64Array(this.seriesLength);
    this.backlogByTier = TIERS.map(make);
    this.backlogByPriority = PRIORITIES.map(make);
    this.agedByAlarm = AGE_ALARMS.map(make);
    this.arrivalsByStep = make();
  }

  /**
   * For a desk whose tickets all stay at one tier from arrival to their end: that tier's count is
   * the open count, step for step, and a visit's time is the ticket's sojourn, value for value, so
   * each is recorded once (the desk then leaves atTier and tierTime alone).
   */
  tierIsWholeStay(tier: number): void {
    this.atTier[tier] = this.open;
    this.tierTime[tier] = this.sojourn;
  }

  /** Drop what the warm-up recorded; levels (busy agents, queues, open tickets) carry over. */
  startMeasuring(now: number): void {
    const levels = [...this.busyByGroup, ...this.staffedByGroup, ...this.atTier, this.open, this.waitingFirst];
    for (const level of levels) level.restart(now);
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
    const t = this.tickets;
    const waitByPriority = PRIORITIES.map((_, p) => SampleStat.combined([this.waitRespondedAtPickup[p], this.waitAfterAck[p]]));
    const firstResponseByPriority = PRIORITIES.map((_, p) => SampleStat.combined([this.waitRespondedAtPickup[p], this.responseBeforePickup[p]]));

    out.push(['tickets', t]);
    stat('firstResponseMinutes', SampleStat.combined(firstResponseByPriority));
    stat('actionableMinutes', SampleStat.combined(this.actionableByPriority));
    stat('resolutionMinutes', SampleStat.combined(this.resolutionByPriority));
    stat('waitMinutes', SampleStat.combined(waitByPriority));
    out.push(['probWait', ratio(this.queuedOnArrival, t)]);
    for (let c = 0; c < CLOCKS.length; c++) {
      for (let p = 0; p < PRIORITIES.length; p++) {
        if (this.sla.reported[c * PRIORITIES.length + p]) out.push([`sla.${CLOCKS[c]}.${PRIORITIES[p]}`, this.sla.compliance(c, p)]);
      }
    }
    for (let c = 0; c < CLOCKS.length; c++) {
      for (let p = 0; p < PRIORITIES.length; p++) {
        const k = c * PRIORITIES.length + p;
        if (this.sla.reported[k]) out.push([`slaCensored.${CLOCKS[c]}.${PRIORITIES[p]}`, this.sla.censored[k]]);
      }
    }
    groups.forEach((g, i) => {
      if (g.tier !== 'engineering') out.push([`occupancy.${g.name}`, this.occupancy(i, now)]);
    });
    out.push(['backlog.meanOpen', this.open.mean(now)]);
    out.push(['backlog.maxOpen', this.open.max]);
    out.push(['backlog.openAtEnd', this.open.level]);
    out.push(['backlog.meanWaiting', this.waitingFirst.mean(now)]);
    out.push(['escalationRate', ratio(this.escalated, t)]);
    out.push(['reopenRate', ratio(this.reopened, this.solved)]);
    out.push(['abandonmentRate', ratio(this.abandoned, t)]);
    out.push(['handoffsPerTicket', ratio(this.handoffs, t)]);
    out.push(['pingPongRate', ratio(this.pingPong, t)]);
    out.push(['arrivalsPerHour', ratio(t * 60, measuredMinutes)]);
    out.push(['flow.arrivals', t]);
    out.push(['flow.solved', this.solved]);
    out.push(['flow.abandoned', this.abandoned]);
    out.push(['flow.openAtEnd', this.openAtEnd]);
    out.push(['flow.deflected', this.deflected]);
    out.push(['flow.meanFirstWaitMinutes', this.firstWait.mean()]);
    out.push(['flow.meanSojournMinutes', this.sojourn.mean()]);
    out.push(['escalations.hierarchical', this.hierarchical]);
    out.push(['escalations.automatic', this.automatic]);
    out.push(['escalations.preempted', this.preempted]);
    out.push(['escalations.handovers', this.handovers]);
    out.push(['ackDuty.afterHoursTickets', this.afterHours]);
    out.push(['ackDuty.ackTasks', this.ackTasks]);
    out.push(['ackDuty.ackHours', this.ackMinutes / 60]);
    out.push(['ackDuty.missedEta', this.missedEta]);
    out.push(['ackDuty.followUps', this.followUps]);
    out.push(['ackDuty.paged', this.paged]);
    PRIORITIES.forEach((name, p) => {
      out.push([`byPriority.${name}.tickets`, this.ticketsByPriority[p]]);
      stat(`byPriority.${name}.waitMinutes`, waitByPriority[p], [['p90', 0.9]]);
      stat(`byPriority.${name}.firstResponseMinutes`, firstResponseByPriority[p]);
      stat(`byPriority.${name}.actionableMinutes`, this.actionableByPriority[p]);
      stat(`byPriority.${name}.resolutionMinutes`, this.resolutionByPriority[p]);
    });
    groups.forEach((g, i) => {
      if (g.tier === 'engineering') return;
      out.push([`byGroup.${g.name}.occupancy`, this.occupancy(i, now)]);
      out.push([`byGroup.${g.name}.staffedAgents`, this.staffedByGroup[i].mean(now)]);
      stat(`byGroup.${g.name}.waitMinutes`, this.queuedByGroup[i], [['p90', 0.9]]);
    });
    TIERS.forEach((tier, k) => {
      if (this.tierEntries[k] === 0 && this.atTier[k].max === 0) return;
      out.push([`byTier.${tier}.meanTickets`, this.atTier[k].mean(now)]);
      out.push([`byTier.${tier}.entriesPerHour`, ratio(this.tierEntries[k] * 60, measuredMinutes)]);
      out.push([`byTier.${tier}.meanMinutes`, this.tierTime[k].mean()]);
    });
    return out;
  }

  occupancy(group: number, now: number): number | null {
    const staffed = this.staffedByGroup[group].mean(now);
    return staffed > 0 ? this.busyByGroup[group].mean(now) / staffed : null;
  }

  series(weeks: number): SeriesRecord {
    const out: SeriesRecord = [];
    // Every tier the desk has, in every replication, so series line up across replications.
    const tiers = new Set<string>(this.scenario.groups.map((g) => g.tier));
    TIERS.forEach((tier, k) => {
      if (tiers.has(tier)) out.push([`backlogByTier.${tier}`, [...this.backlogByTier[k]]]);
    });
    PRIORITIES.forEach((p, k) => out.push([`backlogByPriority.${p}`, [...this.backlogByPriority[k]]]));
    AGE_ALARMS.forEach((a, k) => out.push([`backlogAged.${PRIORITIES[a.priority]}>${a.days}d`, [...this.agedByAlarm[k]]]));
    out.push(['arrivals', [...this.arrivalsByStep]]);
    // Quantile curves (the distribution at a glance, e.g. an ECDF), at the probabilities DISTRIBUTION_GRID.
    const distributions: Array<[string, SampleStat[]]> = [
      ['resolutionMinutes', this.resolutionByPriority],
      ['waitMinutes', PRIORITIES.map((_, p) => SampleStat.combined([this.waitRespondedAtPickup[p], this.waitAfterAck[p]]))],
      ['firstResponseMinutes', PRIORITIES.map((_, p) => SampleStat.combined([this.waitRespondedAtPickup[p], this.responseBeforePickup[p]]))],
    ];
    for (const [name, parts] of distributions) {
      const all = SampleStat.combined(parts);
      if (all.count > 0) out.push([`distribution.${name}`, DISTRIBUTION_GRID.map((q) => all.quantile(q) ?? 0)]);
    }
    out.push(['arrivalsByHourOfWeek', [...this.arrivalsByHourOfWeek].map((v) => v / weeks)]);
    this.scenario.groups.forEach((g, i) => {
      if (g.tier === 'engineering') return;
      const busy = this.busyByHourOfWeek[i];
      const staffed = this.staffedByHourOfWeek[i];
      out.push([`occupancyByHourOfWeek.${g.name}`, [...busy].map((b, h) => (staffed[h] > 0 ? b / staffed[h] : 0))]);
      out.push([`staffedByHourOfWeek.${g.name}`, [...staffed].map((s) => s / 60 / weeks)]);
    });
    return out;
  }
}
