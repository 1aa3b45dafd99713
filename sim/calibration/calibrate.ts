import type { DistributionSpec } from '../random/distributions.js';
import { fitDurations, quantileRows, quantileSorted, type FitOptions } from './fitDistribution.js';
import { planGroups, type GroupPlan } from './groups.js';
import { formatWall, MINUTES_PER_DAY, MINUTES_PER_WEEK, HISTORY_CHANNELS, type History, type HistoryTicket } from './history.js';
import type { DistributionFit, FitReport } from './report.js';
import { activeAgentsByHour, shiftsFor, type ShiftSpec } from './staffing.js';
import { fitVolume } from './volume.js';

export interface CalibrateOptions {
  /** Scenario name (letters, digits, space, _ + - / ( )). */
  name?: string;
  /** History groups kept as scenario groups; the rest are merged into "other". Default 8. */
  maxGroups?: number;
  /**
   * Measured days of the scenario (default 91) and warm-up days before them (default 28). Long:
   * a simulated ticket still open at the end is censored, so a horizon shorter than the slow
   * tickets' resolution biases the simulated times low.
   */
  horizonDays?: number;
  warmupDays?: number;
  replications?: number;
  seed?: number;
  /** Wall-clock minute where the measured horizon starts; default: the Monday after the last complete week. */
  forecastFrom?: number;
  /** Share of on-duty time agents are assumed to work tickets; sets the handle time from the staffing. Default 0.7. */
  occupancy?: number;
  /** Touches per ticket: the first answers, the last solves; between them the customer (or a vendor) has the ball. Default 2. */
  touches?: number;
  /** Weeks with fewer tickets than this share of the typical week are left out of the volume (default 0.7). */
  minWeekShare?: number;
  /** Given rosters: scenario group -> 168 people on duty (Monday 00:00 local first); replaces the activity estimate. */
  roster?: Record<string, number[]>;
  /** Use an empirical distribution when the best family is further than this KS distance (default 0.05; Infinity never). */
  empiricalAbove?: number;
  /** Smallest sample for a fit of its own (by priority, by group); smaller ones use the wider fit. Default 30. */
  minFitCount?: number;
}

/** A scenario as written to a file (ScenarioInput of scenarios/schema.ts) and the fit report. */
export interface Calibration {
  scenario: CalibratedScenario;
  report: FitReport;
}

/** The scenario's JSON: every field a `supportsim run` needs, in the schema's input shape. */
export interface CalibratedScenario {
  version: 1;
  name: string;
  description: string;
  start: string;
  timeZone: string;
  horizonDays: number;
  warmupDays: number;
  replications: number;
  seed: number;
  groups: Array<{ name: string; tier: 'L1' | 'L2'; headcount?: number; shifts?: ShiftSpec[]; skills: Array<{ category: string; proficiency?: number }> }>;
  demand: Array<{
    name: string;
    channel: (typeof HISTORY_CHANNELS)[number];
    priority: 'P1' | 'P2' | 'P3' | 'P4';
    category: string;
    entryTier: 'L1' | 'L2';
    arrivals: { type: 'weekly'; perWeek: number; hourOfWeek: number[] };
    handleTime: DistributionSpec;
    touches: { count: DistributionSpec; customerDelay: DistributionSpec };
    complexity: Partial<Record<'L1' | 'L2', number>>;
  }>;
  demandModifiers: { dayCv: number };
  lifecycle: { reopenProbability: number; reopenWithinDays: number };
}

const round = (v: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

function roundSpec(spec: DistributionSpec): DistributionSpec {
  switch (spec.type) {
    case 'exponential':
      return { type: 'exponential', mean: round(spec.mean, 3) };
    case 'lognormal':
    case 'gamma':
      return { type: spec.type, mean: round(spec.mean, 3), cv: round(spec.cv, 4) };
    case 'weibull':
      return { type: 'weibull', shape: round(spec.shape, 4), scale: round(spec.scale, 3) };
    default:
      return spec;
  }
}

function sortedOf(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

function describeFit(name: string, measure: DistributionFit['measure'], values: number[], options: FitOptions): DistributionFit {
  const sorted = sortedOf(values);
  const fit = fitDurations(values, options);
  fit.spec = roundSpec(fit.spec);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { name, measure, count: sorted.length, mean: sum / sorted.length, median: quantileSorted(sorted, 0.5), fit, quantiles: quantileRows(sorted, fit.spec) };
}

const firstResponseOf = (t: HistoryTicket) => (t.firstResponse === null ? null : t.firstResponse - t.created);
const resolutionOf = (t: HistoryTicket) => (t.resolved === null ? null : t.resolved - t.created);

function collect(tickets: readonly HistoryTicket[], of: (t: HistoryTicket) => number | null): number[] {
  const out: number[] = [];
  for (const t of tickets) {
    const v = of(t);
    if (v !== null && v >= 0) out.push(v);
  }
  return out;
}

/**
 * Fits a history and builds a scenario from it. Pure and deterministic: the same history and
 * options give the same scenario, byte for byte.
 *
 * The scenario's desk, and why:
 * - demand: one weekly stream per channel x priority x entry group, at the history's rate in its
 *   complete weeks, all sharing the history's hour-of-week profile; day-level over-dispersion
 *   from the daily counts;
 * - groups: see groups.ts (top groups kept, L1/L2 from where tickets enter, skills from routing);
 * - staffing: people on duty per hour of week from the log's activity (or the given roster);
 * - work: each ticket gets `touches` touches; the handle time is set so that the staffing would be
 *   busy `occupancy` of its time with the history's volume (logs show when, not how long, people
 *   work); between touches the ticket waits for the customer for the rest of its observed life,
 *   fitted per priority and entry group, so the simulated resolution times follow the history's;
 * - reopen share from the reopen counts.
 */
export function calibrate(history: History, options: CalibrateOptions = {}): Calibration {
  if (history.tickets.length === 0) throw new Error('calibrate: the history has no tickets (check --from/--to)');
  const fitOptions: FitOptions = { empiricalAbove: options.empiricalAbove ?? 0.05 };
  const minFit = options.minFitCount ?? 30;
  const occupancy = options.occupancy ?? 0.7;
  const touches = Math.max(1, Math.round(options.touches ?? 2));
  const notes: string[] = [];

  const volume = fitVolume(history.tickets, options.minWeekShare ?? 0.7);
  const tickets = volume.inWeeks;
  const weeks = volume.weeks.length;
  const plan: GroupPlan = planGroups(tickets, options.maxGroups ?? 8);
  const groupNames = plan.groups.map((g) => g.name);

  // ---- data figures --------------------------------------------------------------------------
  const resolutions = collect(tickets, resolutionOf);
  const firstResponses = collect(tickets, firstResponseOf);
  const resolutionSorted = sortedOf(resolutions);
  const frSorted = sortedOf(firstResponses);
  const mix = (key: (t: HistoryTicket) => string, keys: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const k of keys) counts[k] = 0;
    for (const t of tickets) counts[key(t)] = (counts[key(t)] ?? 0) + 1;
    for (const k of Object.keys(counts)) counts[k] = round(counts[k] / tickets.length, 5);
    return counts;
  };
  const pendingTickets = tickets.filter((t) => (t.pendingMinutes ?? 0) > 0);
  const reopenShare = tickets.filter((t) => t.reopens > 0).length / tickets.length;

  // ---- distributions for the report ------------------------------------------------------------
  const fits: DistributionFit[] = [];
  if (firstResponses.length >= 2) fits.push(describeFit('first response, all', 'firstResponse', firstResponses, fitOptions));
  if (resolutions.length >= 2) fits.push(describeFit('resolution, all', 'resolution', resolutions, fitOptions));
  for (const p of [1, 2, 3, 4]) {
    const own = tickets.filter((t) => t.priority === p);
    const fr = collect(own, firstResponseOf);
    const res = collect(own, resolutionOf);
    if (fr.length >= minFit) fits.push(describeFit(`first response P${p}`, 'firstResponse', fr, fitOptions));
    if (res.length >= minFit) fits.push(describeFit(`resolution P${p}`, 'resolution', res, fitOptions));
  }
  const finalGroup = (t: HistoryTicket) => plan.mapping.get(t.group) ?? 'other';
  for (const g of groupNames) {
    const own = tickets.filter((t) => finalGroup(t) === g);
    const fr = collect(own, firstResponseOf);
    const res = collect(own, resolutionOf);
    if (fr.length >= minFit) fits.push(describeFit(`first response ${g}`, 'firstResponse', fr, fitOptions));
    if (res.length >= minFit) fits.push(describeFit(`resolution ${g}`, 'resolution', res, fitOptions));
  }

  const pendingValues = pendingTickets.map((t) => t.pendingMinutes ?? 0);
  if (pendingValues.length >= minFit) fits.push(describeFit('pending for the customer (tickets with any)', 'pending', pendingValues, fitOptions));

  // ---- staffing --------------------------------------------------------------------------------
  const hasActivity = tickets.some((t) => (t.activity?.length ?? 0) > 0);
  const rosters = new Map<string, Float64Array>();
  let staffingSource: 'roster' | 'activity' | 'workload' = 'activity';
  if (options.roster !== undefined) {
    for (const g of groupNames) {
      const r = options.roster[g];
      if (r !== undefined && r.length !== 168) throw new Error(`calibrate: roster of ${g} must have 168 hourly values (got ${r.length})`);
      rosters.set(g, Float64Array.from(r ?? new Array<number>(168).fill(0)));
    }
    staffingSource = 'roster';
    notes.push('Staffing: the roster given.');
  } else if (hasActivity) {
    const active = activeAgentsByHour(tickets, (g) => plan.mapping.get(g) ?? 'other', groupNames, volume.weeks);
    for (const g of groupNames) rosters.set(g, active.get(g) ?? new Float64Array(168));
    notes.push('Staffing: distinct agents who updated a ticket of the group in each hour of the week, averaged over the weeks used (a lower bound on presence).');
  } else {
    staffingSource = 'workload';
  }

  // Agent-minutes a week with the rounding the shifts will apply (hours under half a person are unstaffed).
  const rounded = (v: number) => (v >= 0.5 ? Math.round(v) : 0);
  let agentMinutes = 0;
  for (const r of rosters.values()) for (let h = 0; h < 168; h++) agentMinutes += rounded(r[h]) * 60;
  let handleMean: number;
  if (staffingSource !== 'workload' && agentMinutes > 0) {
    handleMean = (occupancy * agentMinutes) / (volume.ticketsPerWeek * touches * Math.max(1, meanVisitsInModel(plan)));
    handleMean = Math.min(480, Math.max(1, handleMean));
    notes.push(
      `Handle time: ${round(handleMean, 1)} min a touch on average (lognormal, cv 1), set so the staffing would be ${Math.round(occupancy * 100)}% busy with the history's volume; logs do not show work time.`,
    );
  } else {
    staffingSource = 'workload';
    handleMean = 30;
    // No activity to count: staff each group for its offered load at the target occupancy.
    for (const g of plan.groups) {
      const share = g.visits / tickets.length;
      const r = new Float64Array(168);
      for (let h = 0; h < 168; h++) {
        const perHour = volume.ticketsPerWeek * volume.hourOfWeek[h] * share;
        r[h] = Math.max(1, Math.ceil((perHour * touches * handleMean) / 60 / occupancy));
      }
      rosters.set(g.name, r);
    }
    notes.push(`Staffing: the log shows no agent activity, so each group is staffed for its offered load at ${Math.round(occupancy * 100)}% occupancy with an assumed ${handleMean} min touch.`);
  }
  const handleTime: DistributionSpec = { type: 'lognormal', mean: round(handleMean, 2), cv: 1 };
  if (staffingSource === 'activity') {
    // A group too small to show half a person in any hour still has someone: one person in the
    // hours the desk as a whole is staffed (not around the clock, which a business-hours desk never
    // had). Added after the handle time, which follows the work the log shows.
    const desk = new Float64Array(168);
    for (const r of rosters.values()) for (let h = 0; h < 168; h++) desk[h] += r[h];
    for (const g of groupNames) {
      const r = rosters.get(g) as Float64Array;
      if (r.some((v) => v >= 0.5)) continue;
      let set = 0;
      for (let h = 0; h < 168; h++) {
        if (desk[h] >= 0.5) {
          r[h] = 1;
          set++;
        }
      }
      if (set > 0) notes.push(`Group ${g}: under half a person seen in every hour; given one person in the ${set} hours a week the desk is staffed.`);
    }
  }
  // Groups differ in people per ticket: one touch time for all would drown a small group that
  // takes many tickets and idle a large one. Each group's skills get a proficiency (handle-time
  // multiplier) that makes its own staffing `occupancy` busy with its own tickets; only where the
  // multiplier hits the schema's bounds (0.1..10) are its people scaled instead.
  const proficiency = new Map<string, number>();
  for (const g of plan.groups) {
    const r = rosters.get(g.name);
    if (r === undefined || g.skills.length === 0) continue;
    const load = (volume.ticketsPerWeek * (g.visits / tickets.length) * touches * handleMean) / 60;
    let hours = 0;
    for (let h = 0; h < 168; h++) hours += rounded(r[h]);
    if (!(hours > 0 && load > 0)) continue;
    const wanted = (occupancy * hours) / load;
    const p = Math.min(10, Math.max(0.1, wanted));
    proficiency.set(g.name, round(p, 3));
    if (p > wanted && options.roster === undefined) {
      const factor = p / wanted;
      for (let h = 0; h < 168; h++) if (r[h] >= 0.5) r[h] *= factor;
      notes.push(`Group ${g.name}: its ${Math.round(hours)} person-hours a week seen in the log cannot carry its tickets even at a tenth of the touch time; people on duty scaled by ${factor.toFixed(2)}.`);
    }
  }
  if (proficiency.size > 0) {
    notes.push(
      `Touch time by group: ${[...proficiency].map(([g, p]) => `${g} ${round(handleMean * p, 1)} min`).join(', ')} (the desk's ${round(handleMean, 1)} min times each group's proficiency), so each group is ${Math.round(occupancy * 100)}% busy with its own tickets.`,
    );
  }

  // ---- waiting for the customer: the rest of each ticket's observed life --------------------
  const residual = (t: HistoryTicket): number | null => {
    const r = resolutionOf(t);
    if (r === null || r < 0) return null;
    // The simulated ticket adds its own queueing (first response, the wait before the last touch)
    // on top; with the activity-based staffing those waits are short next to the delays here.
    return Math.max(1, r - touches * handleMean);
  };
  const delayCache = new Map<string, DistributionSpec>();
  const delayFor = (priority: number, category: string): DistributionSpec => {
    const tries: Array<[string, (t: HistoryTicket, seq: string[]) => boolean]> = [
      [`P${priority}|${category}`, (t, seq) => t.priority === priority && seq[0] === category],
      [`P${priority}`, (t) => t.priority === priority],
      ['all', () => true],
    ];
    for (const [key, keep] of tries) {
      const cached = delayCache.get(key);
      if (cached !== undefined) return cached;
      const values: number[] = [];
      tickets.forEach((t, i) => {
        if (!keep(t, plan.sequences[i])) return;
        const v = residual(t);
        if (v !== null) values.push(v);
      });
      if (values.length >= minFit || (key === 'all' && values.length >= 2)) {
        // Reported beside the other fits: it is what the scenario's streams use.
        const fit = describeFit(`customer delay ${key.replace('|', ' ')}`, 'customerDelay', values, fitOptions);
        fits.push(fit);
        delayCache.set(key, fit.fit.spec);
        return fit.fit.spec;
      }
    }
    return { type: 'exponential', mean: 240 };
  };
  if (touches > 1) {
    notes.push(
      "Customer delay between touches: each resolved ticket's resolution time minus its touches, fitted per priority and entry group (30+ tickets), else per priority, else overall; the simulated queueing comes on top.",
    );
  }

  // ---- demand ----------------------------------------------------------------------------------
  const tierOf = new Map(plan.groups.map((g) => [g.name, g.tier]));
  const streamCounts = new Map<string, { channel: HistoryTicket['channel']; priority: number; category: string; count: number }>();
  tickets.forEach((t, i) => {
    const category = plan.sequences[i][0];
    const key = `${t.channel}|${t.priority}|${category}`;
    const s = streamCounts.get(key) ?? { channel: t.channel, priority: t.priority, category, count: 0 };
    s.count++;
    streamCounts.set(key, s);
  });
  const profile = volume.hourOfWeek.map((v) => round(v * 168, 4));
  const streamNames = new Set<string>();
  const demand: CalibratedScenario['demand'] = [...streamCounts.values()]
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel) || a.priority - b.priority || a.category.localeCompare(b.category))
    .map((s) => {
      let name = `${s.channel} P${s.priority} ${s.category}`.slice(0, 80);
      for (let i = 2; streamNames.has(name); i++) name = `${s.channel} P${s.priority} ${s.category}`.slice(0, 74) + ` ${i}`;
      streamNames.add(name);
      const entryTier = tierOf.get(s.category) ?? 'L1';
      const c = plan.categories.get(s.category);
      const escalated = entryTier === 'L1' && c !== undefined && c.tickets > 0 ? c.escalated / c.tickets : 0;
      const complexity: Partial<Record<'L1' | 'L2', number>> = escalated > 0 ? { L1: round(1 - escalated, 5), L2: round(escalated, 5) } : {};
      return {
        name,
        channel: s.channel,
        priority: `P${s.priority}` as 'P1' | 'P2' | 'P3' | 'P4',
        category: s.category,
        entryTier,
        arrivals: { type: 'weekly' as const, perWeek: round(s.count / weeks, 4), hourOfWeek: profile },
        handleTime,
        touches: { count: { type: 'fixed', value: touches }, customerDelay: touches > 1 ? delayFor(s.priority, s.category) : { type: 'exponential', mean: 240 } },
        complexity,
      };
    });

  // ---- groups ----------------------------------------------------------------------------------
  const staffing: FitReport['staffing'] = [];
  const groups: CalibratedScenario['groups'] = plan.groups.map((g) => {
    const r = rosters.get(g.name) ?? new Float64Array(168);
    const shifts = shiftsFor(r);
    let sum = 0;
    let peak = 0;
    for (let h = 0; h < 168; h++) {
      sum += r[h];
      peak = Math.max(peak, r[h]);
    }
    staffing.push({ group: g.name, meanOnDuty: round(sum / 168, 2), peakOnDuty: round(peak, 2), source: staffingSource, touchMinutes: round(handleMean * (proficiency.get(g.name) ?? 1), 2) });
    const p = proficiency.get(g.name);
    const skills = g.skills.map((category) => (p === undefined || p === 1 ? { category } : { category, proficiency: p }));
    // A group nobody worked in the log still needs someone, or its tickets would wait forever.
    if (shifts.length === 0) {
      notes.push(`Group ${g.name}: no hour with half a person on average; given 1 person 24x7.`);
      return { name: g.name, tier: g.tier, headcount: 1, skills };
    }
    return { name: g.name, tier: g.tier, shifts, skills };
  });

  // ---- the scenario ------------------------------------------------------------------------------
  const horizonDays = options.horizonDays ?? 91;
  const warmupDays = options.warmupDays ?? 28;
  const forecastFrom = options.forecastFrom ?? volume.weeks[volume.weeks.length - 1] + MINUTES_PER_WEEK;
  const start = formatWall(forecastFrom - warmupDays * MINUTES_PER_DAY);
  const first = tickets[0].created;
  const lastUsed = tickets[tickets.length - 1].created;
  const scenario: CalibratedScenario = {
    version: 1,
    name: options.name ?? 'calibrated desk',
    description:
      `Calibrated from ${history.source}: ${tickets.length} tickets created ${formatWall(first)} .. ${formatWall(lastUsed)} ` +
      `(${weeks} complete weeks, ${round(volume.ticketsPerWeek, 1)} a week). Wall-clock times in ${history.timeZone}.`,
    start,
    timeZone: history.timeZone,
    horizonDays,
    warmupDays,
    replications: options.replications ?? 10,
    seed: options.seed ?? 1,
    groups,
    demand,
    demandModifiers: { dayCv: round(volume.dayCv, 4) },
    lifecycle: { reopenProbability: round(reopenShare, 5), reopenWithinDays: 7 },
  };

  notes.push(
    `Groups: the ${plan.groups.filter((g) => g.name !== 'other').length} groups with the most tickets are kept${plan.groups.some((g) => g.name === 'other') ? ', the rest merged into "other"' : ''}; ` +
      'a group is L1 when most of its tickets entered the desk there, else L2; L2 groups serve the entry groups whose tickets reach them. Handoffs within a tier are reported, not simulated.',
  );
  notes.push('Closed-only exports miss the tickets still open when they were taken; their last weeks are thin and left out as incomplete. Tickets opened before the export starts are absent (no starting backlog): the scenario warms up instead.');

  const report: FitReport = {
    source: history.source,
    timeZone: history.timeZone,
    from: formatWall(first),
    to: formatWall(lastUsed),
    tickets: tickets.length,
    weeks,
    ticketsPerWeek: volume.ticketsPerWeek,
    weekly: {
      mean: volume.ticketsPerWeek,
      min: Math.min(...volume.weeklyCounts),
      max: Math.max(...volume.weeklyCounts),
      excluded: volume.excludedWeeks,
    },
    medianResolutionMinutes: resolutionSorted.length > 0 ? quantileSorted(resolutionSorted, 0.5) : null,
    p90ResolutionMinutes: resolutionSorted.length > 0 ? quantileSorted(resolutionSorted, 0.9) : null,
    medianFirstResponseMinutes: frSorted.length > 0 ? quantileSorted(frSorted, 0.5) : null,
    priorityMix: mix((t) => `P${t.priority}`, ['P1', 'P2', 'P3', 'P4']),
    channelMix: mix((t) => t.channel, HISTORY_CHANNELS),
    reopenShare,
    reassignedShare: tickets.filter((t) => t.groups.length > 1 || t.reassignments > 0).length / tickets.length,
    meanReassignments: tickets.reduce((s, t) => s + t.reassignments, 0) / tickets.length,
    resolvedShare: resolutions.length / tickets.length,
    pendingShare: pendingTickets.length / tickets.length,
    meanPendingMinutes: pendingTickets.length > 0 ? pendingTickets.reduce((s, t) => s + (t.pendingMinutes ?? 0), 0) / pendingTickets.length : null,
    groupMapping: plan.historyGroups.map((h) => ({ group: h.group, tickets: h.tickets, scenarioGroup: h.scenarioGroup, tier: tierOf.get(h.scenarioGroup) ?? 'L1' })),
    routing: plan.routing,
    staffing,
    fits,
    warnings: history.warnings,
    notes,
  };
  return { scenario, report };
}

/** Tiers a ticket visits in the model: one, or two when it reaches an L2 group. */
function meanVisitsInModel(plan: GroupPlan): number {
  let tickets = 0;
  let escalated = 0;
  for (const c of plan.categories.values()) {
    tickets += c.tickets;
    escalated += c.escalated;
  }
  return tickets > 0 ? 1 + escalated / tickets : 1;
}
