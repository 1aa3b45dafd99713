import type { DistributionSpec } from '../random/distributions.js';

/**
 * A scenario as the model reads it: already validated and defaulted by the schema in
 * `scenarios/schema.ts`, which is the only way a scenario from a user reaches the model.
 * Times are minutes unless a field name says otherwise.
 */

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['email', 'portal', 'chat', 'phone', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TIERS = ['L0', 'L1', 'L2', 'L3', 'engineering'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * SLA clocks the model measures. `acknowledge` stops at the first response (an agent picks the
 * ticket up), `actionable` at the end of the first touch (the first diagnosis), `resolution` when
 * the ticket is solved. The periodic `update` clock arrives with multi-touch tickets.
 */
export const CLOCKS = ['acknowledge', 'actionable', 'resolution'] as const;
export type ClockName = (typeof CLOCKS)[number];

export const ROUTING_POLICIES = ['fifo', 'priority'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export interface AgentGroup {
  name: string;
  tier: Tier;
  /** People on duty at every instant (a 24x7 group); shift rosters come with the desk model. */
  headcount: number;
}

export type ArrivalRate =
  /** A stationary Poisson stream. */
  | { type: 'poisson'; perHour: number }
  /** A non-homogeneous Poisson stream: weekly volume spread by 168 hour-of-week weights (Monday 00:00 local first). */
  | { type: 'weekly'; perWeek: number; hourOfWeek?: number[] };

export interface ArrivalStream {
  name: string;
  channel: Channel;
  priority: Priority;
  category: string;
  segment: string;
  /** The group whose queue the tickets join. */
  group: string;
  arrivals: ArrivalRate;
  /** Work time of the single touch, in minutes. */
  handleTime: DistributionSpec;
}

export interface SlaTarget {
  clock: ClockName;
  priority: Priority;
  targetMinutes: number;
  /** Share of tickets that must meet the target, e.g. 0.95. */
  compliance: number;
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
  groups: AgentGroup[];
  demand: ArrivalStream[];
  routing: { policy: RoutingPolicy };
  sla: SlaTarget[];
}
