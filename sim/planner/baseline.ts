/**
 * The analytic starting point of the capacity planner: how much work reaches each agent group in
 * each hour of the week, and what Erlang C says that needs.
 *
 * What this does (a deliberately simple, documented model; the simulation then decides):
 *  - Demand per hour of week (the scenario's zone, Monday 00:00 first): Poisson streams at their
 *    rate, weekly streams spread by their 168 weights, traces evenly over the horizon; deflection
 *    removes its share; incidents, growth, day multipliers and over-dispersion are left out.
 *  - Each stream's tickets enter at the first served tier at or above its entry tier and climb
 *    to the tier that can solve them (complexity shares). A tier that solves a ticket works its
 *    touches (handle time + (touches - 1) x follow-up); a tier it passes through works the
 *    diagnosis and the hand-off. Chat work is divided by the group's chat concurrency. Tickets
 *    needing engineering pass through every served tier first.
 *  - A tier's work in an hour is split evenly between the groups of that tier that work the
 *    category and are on duty in that hour; work arriving while none is on duty (after-hours
 *    email) is carried to the group's open hours, spread evenly over them (work is conserved).
 *  - The on-call (ACK duty) group gets one ACK task per ticket arriving outside the duty calendar.
 *  - Each group's service goal comes from the scenario's targets: entry-tier and duty groups use
 *    the acknowledge targets, other tiers the actionable ones (then resolution), each target as
 *    "share `compliance` picked up within its clock's minutes", all tickets in one FIFO queue.
 *    Targets whose priority brings under 5% of the group's tickets are ignored here (a tiny class
 *    served first under priority routing does not drive the staffing); the simulation checks them.
 *  - Requirements per hour: ./requirements.ts (Erlang C) with the group's shrinkage: the share of
 *    a shift its breaks take, combined with absence; 24x7 groups have neither in the model.
 * A 24x7 group's Erlang headcount is its peak hour's scheduled agents. A group with shifts gets
 * its per-pattern headcounts from the cover program in ./shifts.ts.
 */

import { createSampler } from '../random/distributions.js';
import { WEEKDAYS } from '../model/calendar.js';
import { TIERS, type AgentGroup, type ClockName, type Priority, type Scenario, type Tier } from '../model/scenario.js';
import { parseLocalDateTime, utcOffsetMinutes } from '../time/zone.js';
import { intervalRequirements, type Binding, type IntervalRequirement } from './requirements.js';
import { coveredHours, HOURS_PER_WEEK, type ShiftPattern } from './shifts.js';

export interface ServiceGoal {
  clock: ClockName;
  priority: Priority;
  /** Answer time, minutes. */
  threshold: number;
  /** Share to answer within it. */
  serviceLevel: number;
}

export interface GroupWorkload {
  group: string;
  /** Index in scenario.groups. */
  index: number;
  /** Tickets (or ACK tasks) reaching the group per hour of week, scenario zone. */
  arrivals: number[];
  /** Work reaching the group per hour of week, in minutes of one person. */
  workMinutes: number[];
  /** Mean work per ticket at this group, minutes. */
  handleTime: number;
  /** Hours of the week (scenario zone) the group is on duty under the scenario's roster. */
  open: boolean[];
  /** Share of paid time not available (breaks within the shift, absence). */
  shrinkage: number;
  /** The goals Erlang staffs for; the binding one per hour is the largest requirement. */
  goals: ServiceGoal[];
  /** Hours of a group's local time ahead of which the scenario's zone is (0 in the same zone). */
  offsetHours: number;
}

export interface GroupBaseline extends GroupWorkload {
  /** Requirement per hour of week: agents on the phones and scheduled, for the binding goal. */
  hourly: IntervalRequirement[];
  /** Peak agents on the phones. */
  agents: number;
  /** Peak scheduled (paid) people. */
  scheduled: number;
  binding: Binding;
  /** The goal that sets the peak requirement. */
  goal: ServiceGoal | null;
}

const SERVICE_TIERS = TIERS.filter((t) => t !== 'engineering');

/** Hours from a zone's local time to the scenario's, at the scenario start (DST differences ignored). */
export function zoneOffsetHours(scenario: Scenario, timeZone: string): number {
  if (timeZone === scenario.timeZone) return 0;
  const start = parseLocalDateTime(scenario.start, scenario.timeZone);
  return Math.round((utcOffsetMinutes(scenario.timeZone, start) - utcOffsetMinutes(timeZone, start)) / 60);
}

/** Hours of the week (scenario zone) a group is on duty with its roster as given. */
export function openHours(scenario: Scenario, group: AgentGroup, patterns: readonly ShiftPattern[] = group.shifts): boolean[] {
  if (group.shifts.length === 0 && patterns.length === 0) return new Array<boolean>(HOURS_PER_WEEK).fill(true);
  const offset = zoneOffsetHours(scenario, group.timeZone);
  const open = new Array<boolean>(HOURS_PER_WEEK).fill(false);
  for (const p of patterns) coveredHours(p, offset).forEach((c, h) => (open[h] ||= c));
  return open;
}

/** Shrinkage of a group as the model applies it: breaks inside each shift, then absence. */
export function groupShrinkage(group: AgentGroup): number {
  if (group.shifts.length === 0) return 0; // around the clock: no shift starts, so no breaks or absence
  let paid = 0;
  let onBreak = 0;
  for (const s of group.shifts) {
    const [fh, fm] = s.from.split(':').map(Number);
    const [th, tm] = s.to.split(':').map(Number);
    let length = th * 60 + tm - (fh * 60 + fm);
    if (length <= 0) length += 1440;
    const days = new Set(s.days).size;
    paid += length * days;
    for (const b of group.shrinkage.breaks) {
      if (b.afterMinutes < length) onBreak += Math.min(b.minutes, length - b.afterMinutes) * days;
    }
  }
  const breaks = paid > 0 ? onBreak / paid : 0;
  return Math.min(0.95, 1 - (1 - breaks) * (1 - group.shrinkage.absence));
}

/** Expected arrivals per hour of week (scenario zone) of a stream's rate, before deflection. */
function hourlyArrivals(scenario: Scenario, rate: Scenario['demand'][number]['arrivals']): number[] {
  if (rate.type === 'poisson') return new Array<number>(HOURS_PER_WEEK).fill(rate.perHour);
  if (rate.type === 'trace') {
    const hours = (scenario.warmupDays + scenario.horizonDays) * 24;
    return new Array<number>(HOURS_PER_WEEK).fill(hours > 0 ? rate.minutes.length / hours : 0);
  }
  const w = rate.hourOfWeek ?? new Array<number>(HOURS_PER_WEEK).fill(1);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (total > 0 ? (rate.perWeek * x) / total : 0));
}

/** The SLA clock's target minutes for a priority: the first policy matching the priority alone. */
export function clockMinutes(scenario: Scenario, clock: ClockName, priority: Priority): number | null {
  for (const p of scenario.slaPolicies) {
    if (p.priorities.length > 0 && !p.priorities.includes(priority)) continue;
    const c = p.clocks[clock];
    if (c) return c.targetMinutes;
  }
  return null;
}

function servesCategory(group: AgentGroup, category: string): boolean {
  return group.skills.length === 0 || group.skills.some((s) => s.category === category);
}

/**
 * The work reaching each agent group (engineering excluded), per hour of week, with demand scaled
 * by `volume`. Opening hours are those of the scenario's roster.
 */
export function groupWorkloads(scenario: Scenario, volume = 1): GroupWorkload[] {
  const duty = scenario.ackDuty.enabled ? scenario.groups.findIndex((g) => g.name === scenario.ackDuty.group) : -1;
  const engineering = scenario.groups.find((g) => g.tier === 'engineering');
  const mean = (spec: Parameters<typeof createSampler>[0]) => createSampler(spec).mean;
  const esc = scenario.escalation;
  const passWork = mean(esc.diagnosis) + mean(esc.handoff);
  const out: GroupWorkload[] = scenario.groups.map((g, index) => ({
    group: g.name,
    index,
    arrivals: new Array<number>(HOURS_PER_WEEK).fill(0),
    workMinutes: new Array<number>(HOURS_PER_WEEK).fill(0),
    handleTime: 0,
    open: openHours(scenario, g),
    shrinkage: groupShrinkage(g),
    goals: [],
    offsetHours: zoneOffsetHours(scenario, g.timeZone),
  }));
  const byPriority = scenario.groups.map(() => new Map<Priority, number>());
  const carried = scenario.groups.map(() => ({ arrivals: 0, work: 0 }));
  const entryGroups = new Set<number>();

  for (const stream of scenario.demand) {
    const deflected = scenario.deflection.find((d) => d.category === stream.category)?.share ?? 0;
    const arrivals = hourlyArrivals(scenario, stream.arrivals).map((x) => x * volume * (1 - deflected));
    // Tiers with a group working this category (the duty group only acknowledges).
    const groupsOf = (tier: Tier) =>
      scenario.groups.map((g, i) => ({ g, i })).filter(({ g, i }) => i !== duty && g.tier === tier && servesCategory(g, stream.category) && (g.shifts.length > 0 || g.headcount > 0));
    const served = SERVICE_TIERS.filter((t) => groupsOf(t).length > 0);
    if (served.length === 0) continue;
    const entryIndex = TIERS.indexOf(stream.entryTier);
    const entry = served.find((t) => TIERS.indexOf(t) >= entryIndex) ?? served[served.length - 1];
    const weights = TIERS.map((t) => stream.complexity[t] ?? 0);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const share = (t: Tier) => (totalWeight > 0 ? (stream.complexity[t] ?? 0) / totalWeight : t === entry ? 1 : 0);
    // The tier solving each complexity: the first served tier at or above both it and the entry.
    const solver = (c: Tier): Tier | 'engineering' => {
      if (c === 'engineering' && engineering) return 'engineering';
      const at = Math.max(TIERS.indexOf(c), TIERS.indexOf(entry));
      return served.find((t) => TIERS.indexOf(t) >= at) ?? served[served.length - 1];
    };
    const touches = Math.max(1, mean(stream.touches.count));
    const solveWork = mean(stream.handleTime) + (touches - 1) * mean(stream.touches.followUp);
    for (const tier of served) {
      if (TIERS.indexOf(tier) < TIERS.indexOf(entry)) continue;
      let reach = 0;
      let solved = 0;
      for (const c of TIERS) {
        const s = solver(c);
        const p = share(c);
        if (s === tier) solved += p;
        if (s === 'engineering' || TIERS.indexOf(s) >= TIERS.indexOf(tier)) reach += p;
      }
      if (reach <= 0) continue;
      const perTicket = solved * solveWork + (reach - solved) * passWork; // per arriving ticket
      const groups = groupsOf(tier);
      if (tier === entry) groups.forEach(({ i }) => entryGroups.add(i));
      for (let h = 0; h < HOURS_PER_WEEK; h++) {
        if (arrivals[h] <= 0) continue;
        const onDuty = groups.filter(({ i }) => out[i].open[h]);
        const takers = onDuty.length > 0 ? onDuty : groups;
        for (const { g, i } of takers) {
          const concurrency = stream.channel === 'chat' ? g.chatConcurrency : 1;
          const n = (arrivals[h] * reach) / takers.length;
          const work = (arrivals[h] * perTicket) / takers.length / concurrency;
          byPriority[i].set(stream.priority, (byPriority[i].get(stream.priority) ?? 0) + n);
          if (onDuty.length > 0) {
            out[i].arrivals[h] += n;
            out[i].workMinutes[h] += work;
          } else {
            carried[i].arrivals += n;
            carried[i].work += work;
          }
        }
      }
    }
    // ACK tasks for the duty group: tickets arriving outside the duty calendar.
    if (duty >= 0) {
      const closed = dutyClosedHours(scenario);
      const ack = mean(scenario.ackDuty.ackTime);
      for (let h = 0; h < HOURS_PER_WEEK; h++) {
        if (!closed[h] || arrivals[h] <= 0) continue;
        out[duty].arrivals[h] += arrivals[h];
        out[duty].workMinutes[h] += arrivals[h] * ack;
        byPriority[duty].set(stream.priority, (byPriority[duty].get(stream.priority) ?? 0) + arrivals[h]);
      }
    }
  }
  // Work that arrived while the group was closed is done in its open hours.
  out.forEach((w, i) => {
    const openCount = w.open.filter(Boolean).length;
    if (openCount === 0 || carried[i].arrivals === 0) return;
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      if (!w.open[h]) continue;
      w.arrivals[h] += carried[i].arrivals / openCount;
      w.workMinutes[h] += carried[i].work / openCount;
    }
  });
  out.forEach((w, i) => {
    const totalArrivals = w.arrivals.reduce((a, b) => a + b, 0);
    const totalWork = w.workMinutes.reduce((a, b) => a + b, 0);
    w.handleTime = totalArrivals > 0 ? totalWork / totalArrivals : 1;
    const clocks: ClockName[] = i === duty || entryGroups.has(i) ? ['acknowledge'] : ['actionable', 'resolution'];
    const counts = byPriority[i];
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const clock of clocks) {
      const goals: ServiceGoal[] = [];
      for (const t of scenario.targets) {
        if (t.clock !== clock || (counts.get(t.priority) ?? 0) < 0.05 * total) continue;
        const minutes = clockMinutes(scenario, clock, t.priority);
        if (minutes === null) continue;
        goals.push({ clock, priority: t.priority, threshold: minutes, serviceLevel: Math.min(0.999, t.compliance) });
      }
      if (goals.length > 0) {
        w.goals = goals;
        break;
      }
    }
  });
  return out.filter((_, i) => scenario.groups[i].tier !== 'engineering');
}

/** Hours of the week (scenario zone) outside the ACK duty calendar: when the duty group acknowledges. */
function dutyClosedHours(scenario: Scenario): boolean[] {
  const name = scenario.ackDuty.calendar;
  if (name === '24x7') return new Array<boolean>(HOURS_PER_WEEK).fill(false);
  const spec = scenario.calendars[name] ?? scenario.calendars.business ?? { timeZone: scenario.timeZone, weekly: [{ days: WEEKDAYS.slice(0, 5), from: '08:00', to: '17:00' }] };
  const offset = zoneOffsetHours(scenario, spec.timeZone);
  const open = new Array<boolean>(HOURS_PER_WEEK).fill(false);
  for (const w of spec.weekly) coveredHours(w, offset).forEach((c, h) => (open[h] ||= c));
  return open.map((o) => !o);
}

/** Per group, the Erlang C requirement of every hour of the week and its peak. */
export function erlangBaseline(scenario: Scenario, volume = 1): GroupBaseline[] {
  return groupWorkloads(scenario, volume).map((w) => {
    const goals = w.goals.length > 0 ? w.goals : [{ clock: 'acknowledge' as ClockName, priority: 'P3' as Priority, threshold: 60, serviceLevel: 0.8 }];
    // Arrivals per hour with the group's mean handle time: the load is the hour's work.
    const perGoal = goals.map((g) =>
      intervalRequirements(
        w.arrivals.map((a, h) => (w.handleTime > 0 ? w.workMinutes[h] / w.handleTime : a)),
        { handleTime: w.handleTime, threshold: g.threshold, serviceLevel: g.serviceLevel, shrinkage: w.shrinkage, intervalLength: 60 },
      ),
    );
    const hourly: IntervalRequirement[] = [];
    const hourGoal: number[] = [];
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      let best = 0;
      for (let k = 1; k < perGoal.length; k++) if (perGoal[k][h].scheduled > perGoal[best][h].scheduled) best = k;
      // Closed hours need nobody from this group (their work was carried to the open ones).
      hourly.push(w.open[h] ? perGoal[best][h] : { ...perGoal[best][h], agents: 0, scheduled: 0, binding: 'none', bindingAll: [] });
      hourGoal.push(best);
    }
    let peak = 0;
    for (let h = 1; h < HOURS_PER_WEEK; h++) if (hourly[h].scheduled > hourly[peak].scheduled) peak = h;
    return {
      ...w,
      goals,
      hourly,
      agents: hourly[peak].agents,
      scheduled: hourly[peak].scheduled,
      binding: hourly[peak].binding,
      goal: hourly[peak].scheduled > 0 ? goals[hourGoal[peak]] : null,
    };
  });
}

