import type { DistributionSpec } from '../random/distributions.js';
import type { CalendarSpec, WeeklyWindow } from './calendar.js';

/**
 * A scenario as the model reads it: already validated and defaulted by the schema in
 * `scenarios/schema.ts`, which is the only way a scenario from a user reaches the model.
 * Times are minutes unless a field name says otherwise.
 */

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['email', 'portal', 'chat', 'phone', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Tiers in escalation order; engineering (L4) answers after a turnaround instead of queueing for agents. */
export const TIERS = ['L0', 'L1', 'L2', 'L3', 'engineering'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * SLA clocks. `acknowledge` stops at the first response (an agent picks the ticket up, or the
 * on-duty engineer acknowledges it after hours); `actionable` at the first diagnosis (the end of
 * the first touch by the team that owns the ticket); `update` runs between two replies to the
 * customer while the ball is in our court; `resolution` stops when the ticket is solved.
 */
export const CLOCKS = ['acknowledge', 'actionable', 'update', 'resolution'] as const;
export type ClockName = (typeof CLOCKS)[number];

export const ROUTING_POLICIES = ['fifo', 'priority', 'deadline'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export interface Skill {
  category: string;
  /** Handle-time multiplier: 0.8 works 20% faster than the stated handle time. */
  proficiency: number;
  /** Primary skills are served before secondary ones. */
  primary: boolean;
}

/** A weekly shift pattern in the group's time zone and the people who work it. */
export interface Shift extends WeeklyWindow {
  name: string;
  headcount: number;
}

export interface Shrinkage {
  /** Scheduled breaks and meetings: `afterMinutes` into each shift, for `minutes`. */
  breaks: Array<{ afterMinutes: number; minutes: number }>;
  /** Probability that a person misses a whole shift (sickness, leave). */
  absence: number;
}

export interface AgentGroup {
  name: string;
  tier: Tier;
  /** People on duty at every instant (24x7), used when `shifts` is empty. */
  headcount: number;
  /** Weekly shift patterns, each with its headcount; empty means `headcount` around the clock. */
  shifts: Shift[];
  timeZone: string;
  /** Categories the group works; empty means every category, all primary. */
  skills: Skill[];
  shrinkage: Shrinkage;
  /** Work in progress at shift end: finish the touch, or hand the ticket back to the queue. */
  shiftEnd: 'finish' | 'handover';
  /** Chats one person handles at once. */
  chatConcurrency: number;
  /** Engineering only: how long it takes to answer an escalation (no agents, no queue). */
  turnaround: DistributionSpec | null;
  /** Paid cost of one person-hour, for the planner. */
  costPerHour: number;
}

export type ArrivalRate =
  /** A stationary Poisson stream. */
  | { type: 'poisson'; perHour: number }
  /** A non-homogeneous Poisson stream: weekly volume spread by 168 hour-of-week weights (Monday 00:00 local first). */
  | { type: 'weekly'; perWeek: number; hourOfWeek?: number[] }
  /** Replayed arrival instants, minutes since the scenario start (from a trace file). */
  | { type: 'trace'; minutes: number[] };

export interface Touches {
  /** Touches a ticket needs at the tier that solves it (rounded, at least 1). */
  count: DistributionSpec;
  /** Work of each touch after the first; the first uses the stream's handleTime. */
  followUp: DistributionSpec;
  /** The customer's answer time between touches (the ticket is pending customer meanwhile). */
  customerDelay: DistributionSpec;
}

export interface ArrivalStream {
  name: string;
  channel: Channel;
  priority: Priority;
  category: string;
  segment: string;
  /** The tier whose queue new tickets join (phone desks often start at L0). */
  entryTier: Tier;
  arrivals: ArrivalRate;
  /** Work of the first touch, in minutes. */
  handleTime: DistributionSpec;
  touches: Touches;
  /** Share of tickets whose hidden complexity needs each tier (the lowest tier able to solve them). */
  complexity: Partial<Record<Tier, number>>;
  /** Phone and chat: how long a customer waits in the queue before giving up; null = forever. */
  patience: DistributionSpec | null;
}

export interface DemandModifiers {
  /** Volume growth per year, e.g. 0.1 for +10% a year, compounded daily. */
  growthPerYear: number;
  /** Day-level over-dispersion: each day's volume is multiplied by a gamma(mean 1, cv) draw; 0 = Poisson. */
  dayCv: number;
  /** Local dates with a volume multiplier: public holidays (0.3), release days (1.8)... */
  days: Array<{ date: string; multiplier: number; label: string }>;
}

/** A scheduled incident: a burst of correlated tickets over a window, mostly P1/P2. */
export interface Incident {
  name: string;
  /** Local start date-time in the scenario's zone. */
  start: string;
  durationHours: number;
  /** Expected tickets over the window. */
  tickets: number;
  priorityMix: Partial<Record<Priority, number>>;
  channel: Channel;
  category: string;
  segment: string;
  entryTier: Tier;
  handleTime: DistributionSpec;
}

export interface Deflection {
  category: string;
  /** Share of that category's tickets that self-service (knowledge base, bots) resolves before they reach the desk. */
  share: number;
}

export type EscalationAction = 'bump-priority' | 'raise-tier';

export interface Escalation {
  /** Time a tier below the ticket's complexity spends before it decides to escalate. */
  diagnosis: DistributionSpec;
  /** Context-transfer work to hand a ticket to the next tier. */
  handoff: DistributionSpec;
  /** Share of tickets a tier escalates although it could solve them; the next tier sends them back (ping-pong). */
  misroute: number;
  /** Hierarchical: a clock past `atShare` of its target raises the ticket. */
  hierarchical: Array<{ priority: Priority; clock: ClockName; atShare: number; action: EscalationAction }>;
  /** Automatic: a ticket nobody has picked up within `afterMinutes` of queueing is raised. */
  automatic: Array<{ priority: Priority; afterMinutes: number; action: EscalationAction }>;
}

export interface AckDuty {
  enabled: boolean;
  /** Named calendar of business hours; outside it the on-duty engineer acknowledges new tickets. */
  calendar: string;
  /** The group whose on-call roster covers the hours outside the business calendar. */
  group: string;
  /** The ACK task: read, reply with an ETA. */
  ackTime: DistributionSpec;
  /** The ETA promised: this many business minutes after the next opening. */
  etaBusinessMinutes: number;
  /** The follow-up sent when the ETA is missed (a new ETA without the customer chasing). */
  followUp: DistributionSpec;
  /** Priorities the on-duty engineer works fully after hours (paged), not just acknowledges. */
  pagedPriorities: Priority[];
}

export interface ClockTarget {
  targetMinutes: number;
  /** Named calendar the clock counts in ('24x7' counts every minute). */
  calendar: string;
  /** Pause the clock while the ticket waits for the customer. */
  pauseWhilePending: boolean;
}

export interface SlaPolicy {
  name: string;
  /** Empty lists match everything; a ticket takes the first policy that matches. */
  priorities: Priority[];
  segments: string[];
  channels: Channel[];
  clocks: Partial<Record<ClockName, ClockTarget>>;
}

export interface ComplianceTarget {
  clock: ClockName;
  priority: Priority;
  /** Share of tickets that must meet their clock target, e.g. 0.95. */
  compliance: number;
}

export interface Lifecycle {
  /** Probability that a solved ticket is reopened by the customer. */
  reopenProbability: number;
  /** Reopens happen within this many days of the solve (uniformly). */
  reopenWithinDays: number;
}

export interface Scenario {
  version: 1;
  name: string;
  description: string;
  /** Local date-time of the simulation start, in `timeZone`. */
  start: string;
  timeZone: string;
  horizonDays: number;
  /** Simulated before the measured horizon and left out of every statistic. */
  warmupDays: number;
  replications: number;
  seed: number;
  /** Named business calendars; '24x7' always exists. */
  calendars: Record<string, CalendarSpec>;
  groups: AgentGroup[];
  demand: ArrivalStream[];
  demandModifiers: DemandModifiers;
  incidents: Incident[];
  deflection: Deflection[];
  routing: { policy: RoutingPolicy; preemptByP1: boolean };
  escalation: Escalation;
  ackDuty: AckDuty;
  slaPolicies: SlaPolicy[];
  targets: ComplianceTarget[];
  lifecycle: Lifecycle;
}
