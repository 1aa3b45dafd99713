import type { DistributionSpec } from '../random/distributions.js';

/** A fitted distribution: the spec the scenario uses, how it was chosen, and how close it is. */
export interface FittedDistribution {
  spec: DistributionSpec;
  /** Kolmogorov-Smirnov distance between the spec's CDF and the data's ECDF (0 = identical). */
  ks: number;
  /** KS distances of every family tried, for the report. */
  candidates: Array<{ type: string; ks: number }>;
}

/** P10, P50, P90, P95 of the data and of the fitted distribution, side by side. */
export interface QuantileRow {
  p: number;
  data: number;
  fitted: number;
}

export interface DistributionFit {
  /** What was fitted: 'resolution P3', 'first response Group 70'... */
  name: string;
  /** firstResponse and resolution: from created; pending: time waiting for the customer; customerDelay: what the scenario uses between touches. */
  measure: 'firstResponse' | 'resolution' | 'pending' | 'customerDelay';
  /** Tickets behind the fit. */
  count: number;
  /** Data mean and median (minutes). */
  mean: number;
  median: number;
  fit: FittedDistribution;
  quantiles: QuantileRow[];
}

export interface FitReport {
  source: string;
  timeZone: string;
  /** First and last created instants used (wall clock, 'YYYY-MM-DDTHH:MM'). */
  from: string;
  to: string;
  tickets: number;
  /** Weeks behind the volume figures (full weeks between the first and last arrival). */
  weeks: number;
  ticketsPerWeek: number;
  /** Mean and spread of weekly counts over the weeks used, and the weeks left out as incomplete. */
  weekly: { mean: number; min: number; max: number; excluded: number };
  /** The data's own figures (minutes). */
  medianResolutionMinutes: number | null;
  p90ResolutionMinutes: number | null;
  medianFirstResponseMinutes: number | null;
  /** Shares by priority (P1..P4) and by channel. */
  priorityMix: Record<string, number>;
  channelMix: Record<string, number>;
  reopenShare: number;
  /** Share of tickets that visited more than one group, and mean reassignments. */
  reassignedShare: number;
  meanReassignments: number;
  /** Share of resolved tickets, and mean minutes pending (waiting for the customer) of tickets with pending time. */
  resolvedShare: number;
  pendingShare: number;
  meanPendingMinutes: number | null;
  /** Groups of the history -> groups of the scenario (the rest merged into "other"). */
  groupMapping: Array<{ group: string; tickets: number; scenarioGroup: string; tier: string }>;
  /** Handoffs between scenario groups: from -> to -> share of the tickets leaving `from`. */
  routing: Array<{ from: string; to: string; count: number; share: number }>;
  /** Estimated agents on duty per scenario group (mean over the week, and the peak hour). */
  staffing: Array<{ group: string; meanOnDuty: number; peakOnDuty: number; source: 'roster' | 'activity' | 'workload'; touchMinutes?: number }>;
  fits: DistributionFit[];
  warnings: string[];
  /** How the scenario was built and what it cannot represent. */
  notes: string[];
}
