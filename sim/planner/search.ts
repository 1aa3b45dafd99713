/**
 * Simulated headcount search: the cheapest roster (people per 24x7 group, or per shift pattern)
 * whose simulated SLA compliance meets every target of the scenario at a stated confidence.
 *
 * Pure and platform-neutral: replications run through `options.evaluate`, which the CLI backs with
 * a worker pool and tests with this thread (`evaluateHere`). The shift program uses an LpSolver
 * (HiGHS by default, loaded lazily; see ./shifts.ts).
 *
 * How it works
 *  1. Erlang start (./baseline.ts): per group, the Erlang C requirement of each hour of the week.
 *     A 24x7 group starts at its peak hour's scheduled agents; a group with shifts at the cheapest
 *     cover of its hourly requirement by its shift patterns (integer program, ./shifts.ts).
 *  2. A candidate is the scenario with those headcounts. Target met = for every `targets[]` entry,
 *     the lower bound of the `confidence`-level CI (Student t over replications) of
 *     `sla.<clock>.<priority>` is >= compliance. Every candidate uses the same seed and the same
 *     replication indices (common random numbers: the same tickets meet every roster), and
 *     replications are added only where they are needed: a candidate is judged on 5, then 10,
 *     20, 40 replications (`initialReplications` doubling up to `maxReplications`), stopping at
 *     the first that settles it (a target's CI wholly below its compliance: not met; every
 *     target's lower bound at or above it: met). Still undecided at the cap counts as not met:
 *     the plan must show the targets at the stated confidence. The verdict depends only on the
 *     replications, never on the order the search visited candidates.
 *  3. Infeasible targets: when the Erlang start misses a target, the roster at twice the start
 *     (at least +2 per group and pattern) and then at four times it are tried. A target still not
 *     met there is reported (clock, priority, the best value reached with its CI, and why, e.g. an
 *     engineering turnaround longer than the resolution target, after-hours waits, or compliance
 *     that does not respond to staff) and left out of the search, which plans for the others.
 *  4. Search: while the targets are missed, add one person (or a growing step) where it closes
 *     the most shortfall per cost, all +1 moves evaluated as one batch; once met, coordinate
 *     descent removes people, trying every -1 move as a batch and taking the largest saving that
 *     stays met (a move that fails is not retried: removing others only makes it harder), then
 *     one round of swaps (one fewer in a dearer group or pattern, one more in a cheaper one).
 *  5. Report: the plan, the Erlang roster and the scenario's own roster on `reportReplications`
 *     common replications; what one more or one fewer person on each group or pattern buys
 *     (paired differences); the same plan under volume x0.8..x1.3; the cost-compliance frontier of
 *     every roster evaluated.
 * Work is bounded: `budget` replications for the search (the best roster met so far is kept if it
 * runs out), at most `maxReplications` per candidate, a fixed number of search steps, and the
 * report phase's (2 x coordinates + volumes + 2) x reportReplications.
 */

import { confidenceInterval, pairedDifference } from '../metrics/confidence.js';
import { createSampler } from '../random/distributions.js';
import { WEEKDAYS } from '../model/calendar.js';
import type { ClockName, Priority, Scenario } from '../model/scenario.js';
import { Cancelled, runReplication, type ReplicationResult } from '../replication.js';
import { clockMinutes, erlangBaseline, openHours, zoneOffsetHours } from './baseline.js';
import { coveredHours, generatePatterns, highsSolver, paidHoursPerWeek, solveCover, type LpSolver, type ShiftPattern } from './shifts.js';

/** Runs replications `replications` of every candidate; result[c][i] is replication replications[i] of candidate c. */
export type Evaluate = (candidates: Scenario[], replications: number[]) => Promise<ReplicationResult[][]>;

/** Replications in this thread, one after the other (tests, small scenarios). */
export const evaluateHere: Evaluate = async (candidates, replications) =>
  candidates.map((scenario) => replications.map((r) => runReplication(scenario, scenario.seed, r)));

export interface PlanProgress {
  phase: 'baseline' | 'feasibility' | 'search' | 'report';
  /** Replications run so far. */
  replications: number;
  /** The search's replication budget. */
  budget: number;
  /** Distinct rosters evaluated. */
  candidates: number;
  /** Cost per week of the cheapest roster meeting the targets so far. */
  bestCost?: number;
}

export interface PlanOptions {
  evaluate: Evaluate;
  /** Two-sided CI level whose lower bound must reach each target (default 0.95). */
  confidence?: number;
  /** Seed of every candidate (default: the scenario's). */
  seed?: number;
  /** First replications per candidate (default 5). */
  initialReplications?: number;
  /** Most replications per candidate (default 40). */
  maxReplications?: number;
  /** Replications of the final report (default 20, at most maxReplications). */
  reportReplications?: number;
  /** Replications the search may use in all (default 4000). */
  budget?: number;
  /**
   * Shift patterns the plan may use: the scenario's own (default), or 'generated': 4, 6, 8-hour
   * and the scenario's shift lengths starting on every hour inside each group's opening hours.
   */
  patterns?: 'scenario' | 'generated';
  /** MIP solver for the shift cover program (default: HiGHS). */
  solver?: LpSolver;
  /** Volume factors of the sensitivity table (default 0.8, 0.9, 1, 1.1, 1.2, 1.3); [] skips it. */
  volumeFactors?: readonly number[];
  /** Evaluate one more / one fewer per group and pattern (default true). */
  marginal?: boolean;
  onProgress?: (progress: PlanProgress) => void;
  /** Checked between batches; when aborted the plan throws `Cancelled`. */
  signal?: { readonly aborted: boolean };
}

export interface TargetResult {
  clock: ClockName;
  priority: Priority;
  /** The compliance the target asks for. */
  required: number;
  mean: number;
  lo: number;
  hi: number;
  /** Replications with a value (a replication without tickets of the priority has none). */
  replications: number;
  met: boolean;
}

export interface GroupPlan {
  /** People in the group: the 24x7 headcount, or the sum over its shift patterns. */
  headcount: number;
  /** People per shift pattern (groups with shifts). */
  shifts?: Record<string, number>;
  /** The patterns' windows when they are not the scenario's own (generated patterns). */
  patterns?: ShiftPattern[];
  paidHoursPerWeek: number;
  costPerWeek: number;
}

export interface InfeasibleTarget {
  clock: ClockName;
  priority: Priority;
  required: number;
  /** The best value reached: at the most generous roster tried. */
  best: { mean: number; lo: number; hi: number };
  /** How generous that roster was, as a multiple of the Erlang roster. */
  atMultiple: number;
  reason: string;
}

export interface RosterResult {
  groups: Record<string, GroupPlan>;
  cost: { perWeek: number };
  targets: TargetResult[];
  met: boolean;
}

export interface TradeoffPoint {
  cost: number;
  met: boolean;
  /** Smallest (CI lower bound - compliance) over the feasible targets: >= 0 when every one is met. */
  minMargin: number;
  worst: { clock: ClockName; priority: Priority; mean: number; lo: number; hi: number; required: number };
  headcounts: Record<string, number>;
  chosen: boolean;
}

export interface MarginalMove {
  headcount: number;
  /** Change in cost per week. */
  costPerWeek: number;
  met: boolean;
  /** Each target with the change from the plan (paired over common replications). */
  targets: Array<TargetResult & { delta: { mean: number; lo: number; hi: number } }>;
}

export interface Marginal {
  plusOne?: MarginalMove;
  minusOne?: MarginalMove;
  /** Per shift pattern, for groups with more than one. */
  shifts?: Record<string, { plusOne?: MarginalMove; minusOne?: MarginalMove }>;
}

export interface VolumePoint {
  factor: number;
  /** Every target the plan was searched for (the feasible ones) is still met. */
  met: boolean;
  targets: TargetResult[];
}

export interface ErlangGroup {
  /** Peak agents on the phones and scheduled (with shrinkage), and the constraint that binds there. */
  agents: number;
  scheduled: number;
  binding: string;
  goal: { clock: ClockName; priority: Priority; threshold: number; serviceLevel: number } | null;
  shrinkage: number;
  /** The Erlang roster: peak for 24x7 groups, the cheapest shift cover otherwise. */
  headcount: number;
  shifts?: Record<string, number>;
  /** Scheduled people needed in each hour of the week (scenario zone, Monday 00:00 first). */
  requirement: number[];
}

export interface PlanResult {
  scenario: string;
  seed: number;
  confidence: number;
  groups: Record<string, GroupPlan>;
  cost: { perWeek: number };
  targets: TargetResult[];
  /** Every target is met by the plan. */
  feasible: boolean;
  infeasible?: InfeasibleTarget[];
  erlang: Record<string, ErlangGroup>;
  /** The Erlang roster as simulated. */
  erlangRoster: RosterResult;
  /** The scenario's own roster as simulated. */
  current: RosterResult;
  tradeoff: TradeoffPoint[];
  sensitivity: {
    volume: VolumePoint[];
    marginal: Record<string, Marginal>;
  };
  search: {
    replications: number;
    candidates: number;
    budget: number;
    initialReplications: number;
    maxReplications: number;
    reportReplications: number;
    patterns: 'scenario' | 'generated';
    /** Why the search ended early, if it did. */
    stopped?: string;
    notes: string[];
  };
}

// ---------------------------------------------------------------- internals

/** One thing the search changes: a 24x7 group's headcount, or one shift pattern's. */
interface Coord {
  group: string;
  groupIndex: number;
  /** null: the group's 24x7 headcount. */
  pattern: ShiftPattern | null;
  /** Cost of one person for a week. */
  unitCost: number;
  paidHours: number;
  min: number;
  /** Label in tables and headcount maps: 'L1' or 'L1/day'. */
  label: string;
}

interface Target {
  clock: ClockName;
  priority: Priority;
  required: number;
  path: string;
}

interface Candidate {
  key: string;
  x: number[];
  volume: number;
  scenario: Scenario;
  cost: number;
  /** Per target path, the value of replication r (null: no ticket reached the clock). */
  values: Map<string, Array<number | null>>;
  reps: number;
}

type Verdict = 'met' | 'unmet' | 'more';

class BudgetExhausted extends Error {}

function stat(values: ReadonlyArray<number | null>, n: number, level: number): { mean: number; lo: number; hi: number; count: number } {
  const xs: number[] = [];
  for (let r = 0; r < n && r < values.length; r++) {
    const v = values[r];
    if (v !== null && v !== undefined && Number.isFinite(v)) xs.push(v);
  }
  if (xs.length === 0) return { mean: NaN, lo: NaN, hi: NaN, count: 0 };
  const ci = confidenceInterval(xs, level);
  return { ...ci, count: xs.length };
}

const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Status of one target at n replications: true met, false not met, null undecided. */
function targetStatus(s: { lo: number; hi: number; count: number }, required: number): boolean | null {
  if (s.count < 2) return s.count === 0 ? false : null;
  if (s.lo >= required) return true;
  if (s.hi < required) return false;
  return null;
}

/** The scenario with every demand stream (and incident) scaled by `factor`. */
export function scaleVolume(scenario: Scenario, factor: number): Scenario {
  if (factor === 1) return scenario;
  const s = structuredClone(scenario);
  for (const d of s.demand) {
    if (d.arrivals.type === 'poisson') d.arrivals.perHour *= factor;
    else if (d.arrivals.type === 'weekly') d.arrivals.perWeek *= factor;
  }
  for (const i of s.incidents) i.tickets *= factor;
  return s;
}

/**
 * The scenario with a plan's headcounts: what "save the plan as a new scenario" needs. Groups
 * missing from `groups` keep their roster; generated patterns replace the group's shifts.
 */
export function applyPlan(scenario: Scenario, groups: Record<string, Pick<GroupPlan, 'headcount' | 'shifts' | 'patterns'>>, name?: string): Scenario {
  const s = structuredClone(scenario);
  if (name !== undefined) s.name = name;
  for (const g of s.groups) {
    const plan = groups[g.name];
    if (!plan || g.tier === 'engineering') continue;
    if (g.shifts.length === 0 && !plan.shifts) {
      g.headcount = plan.headcount;
      continue;
    }
    const windows = plan.patterns ?? g.shifts;
    g.shifts = windows
      .map((p) => ({ name: p.name, days: [...p.days], from: p.from, to: p.to, headcount: plan.shifts?.[p.name] ?? 0 }))
      .filter((p) => p.headcount > 0);
    g.headcount = 0;
  }
  return s;
}

/** Plan the cheapest roster meeting the scenario's targets. See the module comment. */
export async function planHeadcount(scenario: Scenario, options: PlanOptions): Promise<PlanResult> {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const initial = Math.max(2, Math.floor(options.initialReplications ?? 5));
  const cap = Math.max(initial, Math.floor(options.maxReplications ?? 40));
  const reportReps = Math.min(cap, Math.max(2, Math.floor(options.reportReplications ?? 20)));
  const budget = Math.max(initial, Math.floor(options.budget ?? 4000));
  const seed = options.seed ?? scenario.seed;
  const patternMode = options.patterns ?? 'scenario';
  const volumeFactors = options.volumeFactors ?? [0.8, 0.9, 1, 1.1, 1.2, 1.3];
  const solver = options.solver ?? highsSolver();
  const notes: string[] = [];
  const base: Scenario = { ...structuredClone(scenario), seed };
  // Rungs a candidate is judged on: 5, 10, 20, 40. "Not met" may be settled on any rung, "met"
  // only from the report's rung on, so a roster the search accepts is met on the report too.
  const rungs = new Set<number>([reportReps, cap]);
  for (let n = initial; n < cap; n *= 2) rungs.add(n);
  const ladder = [...rungs].sort((a, b) => a - b);

  const targets: Target[] = [];
  for (const t of scenario.targets) {
    if (targets.some((u) => u.clock === t.clock && u.priority === t.priority)) {
      const u = targets.find((v) => v.clock === t.clock && v.priority === t.priority) as Target;
      u.required = Math.max(u.required, t.compliance);
      continue;
    }
    targets.push({ clock: t.clock, priority: t.priority, required: t.compliance, path: `sla.${t.clock}.${t.priority}` });
  }

  let used = 0;
  let bestMet: Candidate | null = null;
  const cache = new Map<string, Candidate>();
  let phase: PlanProgress['phase'] = 'baseline';
  const progress = () => options.onProgress?.({ phase, replications: used, budget, candidates: cache.size, bestCost: bestMet?.cost });
  const checkStop = () => {
    if (options.signal?.aborted) throw new Cancelled();
  };

  // ---- 1. the Erlang start
  progress();
  const baseline = erlangBaseline(scenario);
  const coords: Coord[] = [];
  const start: number[] = [];
  const current: number[] = [];
  const erlang: Record<string, ErlangGroup> = {};
  for (const b of baseline) {
    const g = scenario.groups[b.index];
    const requirement = b.hourly.map((r) => r.scheduled);
    const entry: ErlangGroup = {
      agents: b.agents,
      scheduled: b.scheduled,
      binding: b.binding,
      goal: b.goal,
      shrinkage: round4(b.shrinkage),
      headcount: 0,
      requirement,
    };
    if (g.shifts.length === 0) {
      coords.push({ group: g.name, groupIndex: b.index, pattern: null, unitCost: 168 * g.costPerHour, paidHours: 168, min: 1, label: g.name });
      start.push(Math.max(1, b.scheduled));
      current.push(g.headcount);
      entry.headcount = b.scheduled;
    } else {
      const offset = zoneOffsetHours(scenario, g.timeZone);
      const own: ShiftPattern[] = g.shifts.map((s) => ({ name: s.name, days: [...s.days], from: s.from, to: s.to }));
      const windows = patternMode === 'generated' ? generatePatterns(own) : own;
      const cover = await solveCover(
        {
          patterns: windows.map((p) => ({
            name: p.name,
            cost: paidHoursPerWeek(p) * g.costPerHour,
            hours: coveredHours(p, offset),
            min: patternMode === 'scenario' ? 1 : 0,
          })),
          requirement,
        },
        solver,
      );
      if (cover.status !== 'optimal') notes.push(`${g.name}: the shift program stopped early (${cover.status}); its start may not be the cheapest cover`);
      entry.shifts = {};
      windows.forEach((p, i) => {
        if (cover.counts[i] > 0 || patternMode === 'scenario') (entry.shifts as Record<string, number>)[p.name] = cover.counts[i];
      });
      entry.headcount = cover.counts.reduce((a, b) => a + b, 0);
      let chosen = windows.map((p, i) => ({ p, n: cover.counts[i] })).filter(({ n }) => n > 0 || patternMode === 'scenario');
      if (chosen.length === 0) chosen = [{ p: windows[0], n: 1 }];
      for (const { p, n } of chosen) {
        const hours = paidHoursPerWeek(p);
        coords.push({
          group: g.name,
          groupIndex: b.index,
          pattern: p,
          unitCost: hours * g.costPerHour,
          paidHours: hours,
          min: patternMode === 'scenario' ? 1 : 0,
          label: `${g.name}/${p.name}`,
        });
        start.push(Math.max(patternMode === 'scenario' ? 1 : 0, n));
        current.push(g.shifts.find((s) => s.name === p.name && s.from === p.from && s.to === p.to)?.headcount ?? 0);
      }
      if (chosen.every(({ n }) => n === 0)) start[start.length - chosen.length] = 1;
    }
    erlang[g.name] = entry;
  }
  if (coords.length === 0) throw new RangeError('the scenario has no agent group to plan (engineering has no headcount)');
  if (patternMode === 'generated') notes.push('shift patterns generated inside each group\'s opening hours; the "current" roster is the scenario\'s own');
  if (targets.length === 0) notes.push('the scenario states no targets, so the plan is the smallest roster the model accepts (one person per group or shift)');

  // A roster the model accepts: every group keeps at least one person.
  const valid = (x: readonly number[]): boolean => {
    const people = new Map<string, number>();
    coords.forEach((c, i) => {
      if (x[i] < c.min) people.set(c.group, -Infinity);
      people.set(c.group, (people.get(c.group) ?? 0) + x[i]);
    });
    return [...people.values()].every((n) => n >= 1);
  };

  const rosterScenario = (x: readonly number[], volume: number): Scenario => {
    const s = structuredClone(scaleVolume(base, volume));
    s.name = `${scenario.name} (plan)`;
    const byGroup = new Map<number, Array<{ c: Coord; n: number }>>();
    coords.forEach((c, i) => byGroup.set(c.groupIndex, [...(byGroup.get(c.groupIndex) ?? []), { c, n: x[i] }]));
    for (const [gi, list] of byGroup) {
      const g = s.groups[gi];
      if (list[0].c.pattern === null) {
        g.headcount = list[0].n;
        continue;
      }
      g.headcount = 0;
      g.shifts = list.filter(({ n }) => n > 0).map(({ c, n }) => ({ ...(c.pattern as ShiftPattern), days: [...(c.pattern as ShiftPattern).days], headcount: n }));
    }
    return s;
  };

  const candidate = (x: readonly number[], volume = 1): Candidate => {
    const key = `${volume}|${x.join(',')}`;
    let c = cache.get(key);
    if (!c) {
      c = {
        key,
        x: [...x],
        volume,
        scenario: rosterScenario(x, volume),
        cost: x.reduce((sum, n, i) => sum + n * coords[i].unitCost, 0),
        values: new Map(targets.map((t) => [t.path, []])),
        reps: 0,
      };
      cache.set(key, c);
    }
    return c;
  };

  /** Make sure every candidate has at least need[i] replications (0..need-1). */
  const ensure = async (cands: readonly Candidate[], need: readonly number[], charge: boolean): Promise<void> => {
    const groups = new Map<string, { from: number; to: number; list: Candidate[] }>();
    cands.forEach((c, i) => {
      if (c.reps >= need[i]) return;
      const k = `${c.reps}-${need[i]}`;
      const g = groups.get(k) ?? { from: c.reps, to: need[i], list: [] };
      if (!g.list.includes(c)) g.list.push(c);
      groups.set(k, g);
    });
    for (const g of groups.values()) {
      checkStop();
      const count = (g.to - g.from) * g.list.length;
      if (charge && used + count > budget) throw new BudgetExhausted();
      const reps = Array.from({ length: g.to - g.from }, (_, k) => g.from + k);
      const results = await options.evaluate(
        g.list.map((c) => c.scenario),
        reps,
      );
      checkStop();
      used += count;
      progress();
      g.list.forEach((c, ci) => {
        results[ci].forEach((res, k) => {
          const r = reps[k];
          const kpis = new Map(res.kpis);
          for (const t of targets) (c.values.get(t.path) as Array<number | null>)[r] = kpis.get(t.path) ?? null;
        });
        c.reps = Math.max(c.reps, g.to);
      });
    }
  };

  /**
   * A target on the first n replications: true met, false not met, null not settled yet. "Met"
   * needs the report's rung; below it only a clear miss settles (the CI at 99% or the stated
   * confidence, whichever is higher, wholly below the target), so that the first few common
   * replications being unlucky does not throw a roster out.
   */
  const statusAt = (c: Candidate, t: Target, n: number): boolean | null => {
    const values = c.values.get(t.path) as Array<number | null>;
    const st = targetStatus(stat(values, n, confidence), t.required);
    if (st === true) return n >= reportReps ? true : null;
    if (st === false && n < reportReps && confidence < 0.99) return targetStatus(stat(values, n, 0.99), t.required) === false ? false : null;
    return st;
  };

  /**
   * A target's verdict: settled on the first rung where its status is (each target on its own,
   * so the verdict on one target never depends on which others are judged with it); undecided at
   * the cap is "not met": it cannot be shown at the stated confidence.
   */
  const targetVerdict = (c: Candidate, t: Target): { verdict: Verdict; n: number } => {
    for (const n of ladder) {
      if (n > c.reps) return { verdict: 'more', n };
      const st = statusAt(c, t, n);
      if (st !== null) return { verdict: st ? 'met' : 'unmet', n };
    }
    return { verdict: 'unmet', n: cap };
  };

  const targetVerdicts = (c: Candidate, list: readonly Target[]): Map<Target, Verdict> =>
    new Map(list.map((t) => [t, targetVerdict(c, t).verdict]));

  /** The verdict on a set of targets: not met as soon as one target is, met when all are. */
  const verdict = (c: Candidate, active: readonly Target[]): Verdict => {
    let more = false;
    for (const t of active) {
      const v = targetVerdict(c, t).verdict;
      if (v === 'unmet') return 'unmet';
      if (v === 'more') more = true;
    }
    return more ? 'more' : 'met';
  };

  /** Evaluate candidates until each is settled ('decide') or each target of each is ('classify'). */
  const assess = async (cands: readonly Candidate[], active: readonly Target[], mode: 'decide' | 'classify' = 'decide', charge = true): Promise<void> => {
    let pending = [...new Set(cands)];
    for (;;) {
      const need: number[] = [];
      const next: Candidate[] = [];
      for (const c of pending) {
        const more = mode === 'decide' ? verdict(c, active) === 'more' : [...targetVerdicts(c, active).values()].includes('more');
        if (!more) continue;
        next.push(c);
        need.push(ladder.find((n) => n > c.reps) ?? cap);
      }
      if (next.length === 0) return;
      await ensure(next, need, charge);
      pending = next;
    }
  };

  const noteMet = (c: Candidate, active: readonly Target[]) => {
    if (c.volume === 1 && verdict(c, active) === 'met' && (bestMet === null || c.cost < bestMet.cost)) bestMet = c;
  };

  /**
   * Sum over targets of how far the CI's lower bound is below the target, at n replications (with
   * common random numbers, two candidates on the same n differ mostly by their means).
   */
  const shortfall = (c: Candidate, active: readonly Target[], n: number): number =>
    active.reduce((sum, t) => {
      const s = stat(c.values.get(t.path) as Array<number | null>, n, confidence);
      return sum + (s.count === 0 ? t.required : Math.max(0, t.required - (s.count < 2 ? s.mean : s.lo)));
    }, 0);

  /** The replications a target is shown on: those that settled it (all there are, if unsettled). */
  const settledN = (c: Candidate, t: Target): number => Math.min(c.reps, targetVerdict(c, t).n);

  /** The smallest (CI low end - goal) over targets, each on the replications that settled it. */
  const minMargin = (c: Candidate, active: readonly Target[]): { margin: number; worst: Target | null } => {
    let margin = Infinity;
    let worst: Target | null = null;
    for (const t of active) {
      const s = stat(c.values.get(t.path) as Array<number | null>, settledN(c, t), confidence);
      const m = s.count === 0 ? -t.required : s.lo - t.required;
      if (m < margin) {
        margin = m;
        worst = t;
      }
    }
    return { margin, worst };
  };

  // ---- 2-3. the start, and which targets can be met at all
  let active: Target[] = [...targets];
  const infeasible: InfeasibleTarget[] = [];
  let stopped: string | undefined;
  const startCand = candidate(start);
  let x: number[] = [...start];
  try {
    phase = 'feasibility';
    progress();
    await assess([startCand], active);
    noteMet(startCand, active);
    if (verdict(startCand, active) !== 'met') {
      // Which targets can be met at all: try twice, then four times the Erlang roster.
      const generous = start.map((n, i) => Math.max(2 * n, n + 2, coords[i].min, current[i] ?? 0));
      const g1 = candidate(generous);
      await assess([g1], active, 'classify');
      const v1 = targetVerdicts(g1, active);
      const missed = active.filter((t) => v1.get(t) !== 'met');
      let feasibleAt = g1;
      if (missed.length > 0) {
        const g2 = candidate(generous.map((n) => 2 * n));
        await assess([g2], missed, 'classify');
        const v2 = targetVerdicts(g2, missed);
        const still = missed.filter((t) => v2.get(t) !== 'met');
        // The Erlang start on as many replications, to ask whether staff moves the target at all.
        await ensure([startCand], [g2.reps], true);
        for (const t of still) infeasible.push(explain(t, startCand, g2, 4));
        active = active.filter((t) => !still.includes(t));
        if (still.length < missed.length) {
          // The richer roster meets what the generous one missed: it is the known feasible point.
          await assess([g2], active);
          feasibleAt = g2;
        }
      }
      noteMet(g1, active);
      noteMet(feasibleAt, active);
      if (active.length > 0) {
        await assess([startCand], active);
        noteMet(startCand, active);
        phase = 'search';
        if (verdict(startCand, active) !== 'met') x = await increase(start, feasibleAt);
      }
    }
    // With every target infeasible there is nothing to search for: the plan stays at the Erlang roster.
    if (active.length > 0 || infeasible.length === 0) {
      phase = 'search';
      // Descent, then swaps, until neither moves the roster: a move that failed earlier is tried
      // again from the new roster (verdicts near a target are noisy; evaluated rosters are cached).
      for (let round = 0; round < 5; round++) {
        const before = x.join(',');
        x = await decrease(x);
        if (coords.length > 1) x = await swaps(x);
        if (x.join(',') === before) break;
      }
    }
  } catch (e) {
    if (!(e instanceof BudgetExhausted)) throw e;
    stopped = `the search used its budget of ${budget} replications; the plan is the cheapest roster met so far`;
    const best = bestMet as Candidate | null;
    if (best) x = best.x;
  }

  // ---- the search's moves
  async function increase(from: number[], feasible: Candidate): Promise<number[]> {
    let at = [...from];
    const step = coords.map(() => 1);
    for (let iteration = 0; iteration < 60; iteration++) {
      checkStop();
      const here = candidate(at);
      await assess([here], active);
      noteMet(here, active);
      if (verdict(here, active) === 'met') return at;
      const moves = coords
        .map((_, i) => i)
        .filter((i) => at[i] < feasible.x[i] || at[i] < from[i] * 8 + 8)
        .map((i) => ({ i, c: candidate(at.map((n, k) => (k === i ? n + step[i] : n))) }));
      // Moves are compared on a few common replications (a direction, not a verdict); the one
      // taken is judged in full at the top of the next step.
      const scoreN = ladder.find((n) => n >= 2 * initial) ?? cap;
      await ensure(
        [here, ...moves.map((m) => m.c)],
        [here, ...moves].map(() => scoreN),
        true,
      );
      let best: { i: number; c: Candidate; score: number } | null = null;
      for (const m of moves) {
        const gain = shortfall(here, active, scoreN) - shortfall(m.c, active, scoreN);
        const score = gain / Math.max(1e-9, m.c.cost - here.cost);
        if (gain > 1e-9 && (best === null || score > best.score)) best = { ...m, score };
      }
      if (best) {
        at = best.c.x;
        step[best.i] = Math.min(step[best.i] * 2, Math.max(1, Math.ceil(at[best.i] / 4)));
      } else {
        // No single move helps: walk every coordinate towards the roster known to meet the targets.
        const toward = at.map((n, i) => (n < feasible.x[i] ? Math.min(feasible.x[i], n + Math.max(1, Math.ceil((feasible.x[i] - n) / 2))) : n));
        if (toward.every((n, i) => n === at[i])) return feasible.x;
        at = toward;
      }
    }
    return verdict(feasible, active) === 'met' ? feasible.x : at;
  }

  async function decrease(from: number[]): Promise<number[]> {
    let at = [...from];
    const step = coords.map(() => 1);
    const frozen = new Set<number>();
    for (let iteration = 0; iteration < 200; iteration++) {
      checkStop();
      const moves = coords
        .map((_, i) => i)
        .filter((i) => !frozen.has(i))
        .map((i) => ({ i, x: at.map((n, k) => (k === i ? Math.max(coords[i].min, n - step[i]) : n)) }))
        .filter((m) => m.x[m.i] < at[m.i] && valid(m.x))
        .map((m) => ({ ...m, c: candidate(m.x) }));
      if (moves.length === 0) break;
      await assess(
        moves.map((m) => m.c),
        active,
      );
      moves.forEach((m) => noteMet(m.c, active));
      const meeting = moves.filter((m) => verdict(m.c, active) === 'met');
      for (const m of moves) {
        if (meeting.includes(m)) continue;
        if (step[m.i] > 1) step[m.i] = Math.max(1, Math.floor(step[m.i] / 2));
        else frozen.add(m.i);
      }
      if (meeting.length === 0) continue;
      // The largest saving first; between equal savings, the larger safety margin.
      meeting.sort((a, b) => a.c.cost - b.c.cost || minMargin(b.c, active).margin - minMargin(a.c, active).margin);
      const pick = meeting[0];
      at = pick.c.x;
      step[pick.i] = Math.min(step[pick.i] * 2, Math.max(1, Math.floor(at[pick.i] / 4)));
    }
    return at;
  }

  async function swaps(from: number[]): Promise<number[]> {
    let at = [...from];
    const pairs: Array<[number, number]> = [];
    coords.forEach((a, i) =>
      coords.forEach((b, j) => {
        if (i !== j && a.unitCost > b.unitCost) pairs.push([i, j]);
      }),
    );
    if (pairs.length === 0 || pairs.length > 30) return at;
    const moves = pairs
      .map(([i, j]) => at.map((n, k) => (k === i ? n - 1 : k === j ? n + 1 : n)))
      .filter((x2) => x2.every((n, k) => n >= coords[k].min) && valid(x2))
      .map((x2) => candidate(x2));
    if (moves.length === 0) return at;
    await assess(moves, active);
    moves.forEach((c) => noteMet(c, active));
    const meeting = moves.filter((c) => verdict(c, active) === 'met').sort((a, b) => a.cost - b.cost);
    if (meeting.length > 0) at = await decrease(meeting[0].x);
    return at;
  }

  function explain(t: Target, at: Candidate, top: Candidate, multiple: number): InfeasibleTarget {
    const n = Math.min(at.reps, top.reps);
    const best = stat(top.values.get(t.path) as Array<number | null>, top.reps, confidence);
    const from = stat(at.values.get(t.path) as Array<number | null>, n, confidence);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const reasons: string[] = [];
    const minutes = clockMinutes(scenario, t.clock, t.priority);
    if (best.count === 0) {
      reasons.push(
        minutes === null
          ? `no SLA policy sets a ${t.clock} target for ${t.priority} tickets`
          : `no ${t.priority} ticket reaches the ${t.clock} clock in the simulation`,
      );
    } else {
      // Engineering turnaround longer than a resolution target.
      const engineering = scenario.groups.find((g) => g.tier === 'engineering');
      if (t.clock === 'resolution' && minutes !== null && engineering?.turnaround) {
        const streams = scenario.demand.filter((d) => d.priority === t.priority);
        let weight = 0;
        let needEng = 0;
        for (const d of streams) {
          const total = Object.values(d.complexity).reduce((a, b) => a + (b ?? 0), 0);
          const w = d.arrivals.type === 'poisson' ? d.arrivals.perHour * 168 : d.arrivals.type === 'weekly' ? d.arrivals.perWeek : d.arrivals.minutes.length;
          weight += w;
          if (total > 0) needEng += (w * (d.complexity.engineering ?? 0)) / total;
        }
        const share = weight > 0 ? needEng / weight : 0;
        const turnaround = createSampler(engineering.turnaround).mean;
        if (share > 0 && turnaround >= 0.5 * minutes) {
          reasons.push(
            `${pct(share)} of ${t.priority} tickets need engineering, whose turnaround averages ${hours(turnaround)} against a ${hours(minutes)} resolution target`,
          );
        }
      }
      // After-hours waits on a round-the-clock clock.
      const policy = scenario.slaPolicies.find((p) => (p.priorities.length === 0 || p.priorities.includes(t.priority)) && p.clocks[t.clock]);
      const clock = policy?.clocks[t.clock];
      if (clock && clock.calendar === '24x7') {
        const gap = closedHours(scenario, t.priority, t.clock === 'acknowledge');
        if (gap.hours * 60 > clock.targetMinutes && gap.share >= 0.002) {
          reasons.push(
            `${pct(gap.share)} of ${t.priority} tickets arrive while nobody is on duty to ${t.clock === 'acknowledge' ? 'acknowledge' : 'work'} them (the longest gap: ${gap.hours} h from ${gap.from}), longer than the ${hours(clock.targetMinutes)} target, which counts every hour`,
          );
        }
      }
      const gain = pairedGain(at.values.get(t.path) as Array<number | null>, top.values.get(t.path) as Array<number | null>, n);
      const gapAtStart = t.required - from.mean;
      if (Number.isFinite(gain) && gapAtStart > 0 && gain < 0.25 * gapAtStart) {
        reasons.push(
          `compliance barely responds to staff: ${pct(from.mean)} with the Erlang roster, ${pct(best.mean)} with ${multiple} times as many people`,
        );
      }
      if (reasons.length === 0) {
        reasons.push(
          best.hi < t.required
            ? `even with ${multiple} times the Erlang roster it reaches only ${pct(best.mean)}`
            : `with ${multiple} times the Erlang roster it reaches ${pct(best.mean)}, but the ${Math.round(confidence * 100)}% CI (${pct(best.lo)}-${pct(best.hi)}) on ${best.count} replications cannot show ${pct(t.required)}`,
        );
      }
    }
    return {
      clock: t.clock,
      priority: t.priority,
      required: t.required,
      best: { mean: round4(best.mean), lo: round4(best.lo), hi: round4(best.hi) },
      atMultiple: multiple,
      reason: reasons.join('; '),
    };
  }

  // ---- 5. the report
  phase = 'report';
  progress();
  const plan = candidate(x);
  const erlangCand = startCand;
  // The scenario's own roster: one of the search's candidates when it uses the scenario's patterns.
  const currentCand: Candidate =
    patternMode === 'scenario' && valid(current)
      ? candidate(current)
      : {
          key: 'current',
          x: [],
          volume: 1,
          scenario: base,
          cost: scenario.groups.reduce((sum, g) => sum + (g.tier === 'engineering' ? 0 : rosterHours(g) * g.costPerHour), 0),
          values: new Map(targets.map((t) => [t.path, []])),
          reps: 0,
        };
  // The report's replications: those the plan needed to settle its targets (20, or 40). Every
  // roster of the report gets them (common random numbers: paired comparisons with the plan),
  // and more where one of its targets needs more to settle, exactly as the search judges.
  const reportN = Math.max(reportReps, ...active.map((t) => settledN(plan, t)));
  const moves: Array<{ i: number; sign: 1 | -1; c: Candidate }> = [];
  if (options.marginal !== false) {
    coords.forEach((co, i) => {
      moves.push({ i, sign: 1, c: candidate(x.map((n, k) => (k === i ? n + 1 : n))) });
      const down = x.map((n, k) => (k === i ? n - 1 : n));
      if (down[i] >= co.min && valid(down)) moves.push({ i, sign: -1, c: candidate(down) });
    });
  }
  const volumeCands = volumeFactors.map((f) => candidate(x, f));
  const reported = [...new Set([plan, erlangCand, currentCand, ...moves.map((m) => m.c), ...volumeCands])];
  await ensure(
    reported,
    reported.map(() => reportN),
    false,
  );
  await assess(reported, targets, 'classify', false);
  checkStop();

  /** Every target of a roster: met as the search judges it, shown on the replications that settled it. */
  const targetResults = (c: Candidate): TargetResult[] =>
    targets.map((t) => {
      const v = targetVerdict(c, t);
      const s = stat(c.values.get(t.path) as Array<number | null>, Math.min(v.n, c.reps), confidence);
      return {
        clock: t.clock,
        priority: t.priority,
        required: t.required,
        mean: round4(s.mean),
        lo: round4(s.lo),
        hi: round4(s.hi),
        replications: s.count,
        met: v.verdict === 'met',
      };
    });
  const groupsOf = (c: Candidate): Record<string, GroupPlan> => {
    const out: Record<string, GroupPlan> = {};
    coords.forEach((co, i) => {
      const g = (out[co.group] ??= { headcount: 0, paidHoursPerWeek: 0, costPerWeek: 0 });
      g.headcount += c.x[i];
      g.paidHoursPerWeek = round2(g.paidHoursPerWeek + c.x[i] * co.paidHours);
      g.costPerWeek = round2(g.costPerWeek + c.x[i] * co.unitCost);
      if (co.pattern) {
        (g.shifts ??= {})[co.pattern.name] = c.x[i];
        if (patternMode === 'generated') (g.patterns ??= []).push({ ...co.pattern, days: [...co.pattern.days] });
      }
    });
    if (patternMode === 'generated') {
      for (const g of Object.values(out)) {
        if (!g.shifts || !g.patterns) continue;
        g.patterns = g.patterns.filter((p) => (g.shifts as Record<string, number>)[p.name] > 0);
        g.shifts = Object.fromEntries(Object.entries(g.shifts).filter(([, n]) => n > 0));
      }
    }
    return out;
  };
  const roster = (c: Candidate): RosterResult => {
    const ts = targetResults(c);
    const groups: Record<string, GroupPlan> =
      c.key === 'current'
        ? Object.fromEntries(
            scenario.groups
              .filter((g) => g.tier !== 'engineering')
              .map((g) => {
                const hoursPaid = rosterHours(g);
                const plan: GroupPlan = {
                  headcount: g.shifts.length === 0 ? g.headcount : g.shifts.reduce((n, s) => n + s.headcount, 0),
                  paidHoursPerWeek: round2(hoursPaid),
                  costPerWeek: round2(hoursPaid * g.costPerHour),
                };
                if (g.shifts.length > 0) plan.shifts = Object.fromEntries(g.shifts.map((s) => [s.name, s.headcount]));
                return [g.name, plan];
              }),
          )
        : groupsOf(c);
    return { groups, cost: { perWeek: round2(c.cost) }, targets: ts, met: ts.every((t) => t.met) };
  };

  // What one more / one fewer buys, paired with the plan replication by replication.
  const marginal: Record<string, Marginal> = {};
  const moveOf = (c: Candidate): MarginalMove => {
    const ts = targetResults(c);
    return {
      headcount: 0,
      costPerWeek: round2(c.cost - plan.cost),
      met: ts.every((t, k) => t.met || !active.includes(targets[k])),
      targets: ts.map((tr, k) => ({
        ...tr,
        delta: pairedGain(plan.values.get(targets[k].path) as Array<number | null>, c.values.get(targets[k].path) as Array<number | null>, Math.min(plan.reps, c.reps), true),
      })),
    };
  };
  for (const m of moves) {
    const co = coords[m.i];
    const move = { ...moveOf(m.c), headcount: m.c.x[m.i] };
    const groupHasMany = coords.filter((c) => c.group === co.group).length > 1;
    const entry = (marginal[co.group] ??= {});
    const slot = co.pattern && groupHasMany ? ((entry.shifts ??= {})[co.pattern.name] ??= {}) : entry;
    if (m.sign === 1) slot.plusOne = move;
    else slot.minusOne = move;
  }
  const volume: VolumePoint[] = volumeCands.map((c, k) => {
    const ts = targetResults(c);
    return { factor: volumeFactors[k], met: ts.every((t, j) => t.met || !active.includes(targets[j])), targets: ts };
  });

  // The cost-compliance frontier of every roster evaluated at today's volume.
  const frontierActive = active.length > 0 ? active : targets;
  const points = [...cache.values()]
    .filter((c) => c.volume === 1 && c.reps >= initial && c.cost <= plan.cost * 1.6 && c.cost >= plan.cost * 0.5)
    .map((c) => {
      const { margin, worst } = minMargin(c, frontierActive);
      return { c, margin, worst };
    })
    .sort((a, b) => a.c.cost - b.c.cost || b.margin - a.margin);
  const tradeoff: TradeoffPoint[] = [];
  let bestMargin = -Infinity;
  for (const p of points) {
    if (!(p.margin > bestMargin) && p.c !== plan) continue;
    bestMargin = Math.max(bestMargin, p.margin);
    const w = p.worst as Target;
    const s = stat(p.c.values.get(w.path) as Array<number | null>, settledN(p.c, w), confidence);
    tradeoff.push({
      cost: round2(p.c.cost),
      met: verdict(p.c, frontierActive) === 'met',
      minMargin: round4(p.margin),
      worst: { clock: w.clock, priority: w.priority, mean: round4(s.mean), lo: round4(s.lo), hi: round4(s.hi), required: w.required },
      headcounts: Object.fromEntries(coords.map((co, i) => [co.label, p.c.x[i]])),
      chosen: p.c === plan,
    });
  }

  const planTargets = targetResults(plan);
  const result: PlanResult = {
    scenario: scenario.name,
    seed,
    confidence,
    groups: groupsOf(plan),
    cost: { perWeek: round2(plan.cost) },
    targets: planTargets,
    feasible: infeasible.length === 0 && planTargets.every((t) => t.met),
    erlang,
    erlangRoster: roster(erlangCand),
    current: roster(currentCand),
    tradeoff,
    sensitivity: { volume, marginal },
    search: {
      replications: used,
      candidates: cache.size,
      budget,
      initialReplications: initial,
      maxReplications: cap,
      reportReplications: reportN,
      patterns: patternMode,
      ...(stopped ? { stopped } : {}),
      notes,
    },
  };
  if (infeasible.length > 0) result.infeasible = infeasible;
  return result;
}

// ---------------------------------------------------------------- helpers

/** Paid person-hours a week of a group's roster as the scenario gives it. */
function rosterHours(g: Scenario['groups'][number]): number {
  return g.shifts.length === 0 ? 168 * g.headcount : g.shifts.reduce((sum, s) => sum + s.headcount * paidHoursPerWeek(s), 0);
}

function hours(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
}

/** Mean (b - a) over replications where both have a value; with its CI when asked. */
function pairedGain(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>, n: number): number;
function pairedGain(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>, n: number, withCi: true): { mean: number; lo: number; hi: number };
function pairedGain(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>, n: number, withCi?: true): number | { mean: number; lo: number; hi: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < n; r++) {
    const x = a[r];
    const y = b[r];
    if (x === null || y === null || x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  if (!withCi) return xs.length === 0 ? NaN : ys.reduce((s, y, i) => s + y - xs[i], 0) / xs.length;
  if (xs.length === 0) return { mean: NaN, lo: NaN, hi: NaN };
  const d = pairedDifference(xs, ys);
  return { mean: round4(d.mean), lo: round4(d.lo), hi: round4(d.hi) };
}

/**
 * For a priority: the share of its tickets arriving in hours when nobody who could stop the clock
 * is on duty (a group of the ticket's entry tier, and for acknowledge the ACK duty group), and the
 * longest such stretch of the week: its length in hours and where it starts ('Mon 00:00').
 */
function closedHours(scenario: Scenario, priority: Priority, withDuty: boolean): { share: number; hours: number; from: string } {
  const duty = scenario.ackDuty.enabled ? scenario.ackDuty.group : null;
  let total = 0;
  let closedArrivals = 0;
  let longest = 0;
  let from = '';
  for (const d of scenario.demand.filter((s) => s.priority === priority)) {
    const groups = scenario.groups.filter(
      (g) => (g.tier === d.entryTier ? g.name !== duty : withDuty && g.name === duty) && (g.shifts.length > 0 || g.headcount > 0),
    );
    if (groups.length === 0) continue;
    const open = new Array<boolean>(168).fill(false);
    for (const g of groups) openHours(scenario, g).forEach((o, h) => (open[h] ||= o));
    const weights =
      d.arrivals.type === 'weekly' ? (d.arrivals.hourOfWeek ?? new Array<number>(168).fill(1)) : new Array<number>(168).fill(1);
    const volume = d.arrivals.type === 'weekly' ? d.arrivals.perWeek : d.arrivals.type === 'poisson' ? d.arrivals.perHour * 168 : d.arrivals.minutes.length;
    const sum = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, h) => {
      const x = sum > 0 ? (volume * w) / sum : 0;
      total += x;
      if (!open[h]) closedArrivals += x;
    });
    if (open.every((o) => !o)) {
      longest = 168;
      from = 'all week';
      continue;
    }
    let run = 0;
    for (let k = 0; k < 336; k++) {
      run = open[k % 168] ? 0 : run + 1;
      if (run > longest && run <= 168) {
        longest = run;
        const h = (k - run + 1 + 168) % 168;
        from = `${WEEKDAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`;
      }
    }
  }
  return { share: total > 0 ? closedArrivals / total : 0, hours: longest, from };
}
