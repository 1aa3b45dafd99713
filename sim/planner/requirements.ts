/**
 * Per-interval staffing requirements (the analytic baseline of the capacity planner).
 *
 * For each interval (typically the 168 hours of a week, but any list works) the offered load is
 * A = arrivals / intervalLength x AHT erlangs, and the agents needed on the phones are the fewest
 * meeting every constraint of the policy:
 *  - service level: share of contacts answered within `threshold` >= `serviceLevel`. Erlang C
 *    (./erlang.ts) when no `patience` is given (which also requires agents > A), otherwise
 *    Erlang A (./erlangA.ts), where abandoned contacts count as failures;
 *  - abandonment (Erlang A only, optional): P(abandon) <= `maxAbandon`;
 *  - occupancy cap (optional): occupancy <= `occupancyCap`, where occupancy is A / N for Erlang C
 *    and the carried load A * (1 - P(abandon)) / N for Erlang A.
 * Each constraint is monotone in the number of agents, so the requirement is the largest of the
 * three individual minimums, and `binding` names the constraint that sets it (on a tie the first
 * of service level, abandonment, occupancy; `bindingAll` lists every tied one). Scheduled agents
 * cover shrinkage (the share of paid time not available for contacts: breaks, training,
 * meetings, absence): scheduled = ceil(agents / (1 - shrinkage)), where a quotient within 1e-9 of
 * an integer counts as that integer so that 14 / (1 - 0.3) is 20, not 21.
 *
 * An interval without demand needs 0 agents. Bad input throws a RangeError naming the field.
 * Pure TypeScript: no DOM, no Node APIs, no randomness.
 */

import { agentsForOccupancy, agentsForServiceLevel, erlangC, meanWait, occupancy, serviceLevel } from './erlang.js';
import { agentsForAbandonment, agentsForErlangA, agentsForOccupancyErlangA, erlangA } from './erlangA.js';

/** What a staffing level has to achieve. All times share one unit (seconds by convention). */
export interface StaffingPolicy {
  /** Mean handle time (talk + wrap-up), > 0. */
  readonly handleTime: number;
  /** Answer-time threshold t of the service level, >= 0 (e.g. 20 s). */
  readonly threshold: number;
  /** Target share answered within `threshold`, in [0, 1) (e.g. 0.8). */
  readonly serviceLevel: number;
  /** Mean patience (time to abandon), > 0: Erlang A. Omitted or Infinity: Erlang C. */
  readonly patience?: number;
  /** Largest acceptable P(abandon), in (0, 1]; needs a finite `patience`. */
  readonly maxAbandon?: number;
  /** Share of paid time not available for contacts, in [0, 1). Default 0. */
  readonly shrinkage?: number;
  /** Highest acceptable occupancy, in (0, 1]. Default 1 (no cap). */
  readonly occupancyCap?: number;
}

export type BindingConstraint = 'serviceLevel' | 'abandonment' | 'occupancy';
/** Which constraint sets the requirement; 'none' for an interval without demand. */
export type Binding = BindingConstraint | 'none';

export interface StaffingRequirement {
  /** Offered load in erlangs. */
  readonly load: number;
  readonly model: 'erlangC' | 'erlangA';
  /** Agents needed on the phones. */
  readonly agents: number;
  /** Agents to schedule (paid), covering shrinkage: ceil(agents / (1 - shrinkage)). */
  readonly scheduled: number;
  readonly binding: Binding;
  readonly bindingAll: readonly BindingConstraint[];
  /** The fewest agents each constraint alone would need (abandonment: 0 without a limit / Erlang C). */
  readonly minimums: Readonly<Record<BindingConstraint, number>>;
  /** Achieved with `agents`: share answered within the threshold (abandons count as failures). */
  readonly serviceLevel: number;
  readonly probWait: number;
  readonly probAbandon: number;
  /** Mean wait of all arrivals, in the unit of handleTime. */
  readonly asa: number;
  readonly occupancy: number;
}

export interface IntervalStaffingOptions extends Omit<StaffingPolicy, 'handleTime'> {
  /** One AHT for every interval, or one per interval. */
  readonly handleTime: number | readonly number[];
  /** Length of each interval in the time unit of handleTime. Default 3600 (an hour, in seconds). */
  readonly intervalLength?: number;
}

export interface IntervalRequirement extends StaffingRequirement {
  /** Position in the input list (e.g. hour of week 0..167). */
  readonly interval: number;
  /** Expected arrivals in the interval, as given. */
  readonly arrivals: number;
  readonly handleTime: number;
}

// ---------------------------------------------------------------- validation

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function checkPolicy(p: StaffingPolicy, where = 'policy'): void {
  if (p === null || typeof p !== 'object') throw new RangeError(`${where} must be an object`);
  if (!finite(p.handleTime) || p.handleTime <= 0) {
    throw new RangeError(`${where}.handleTime must be a finite number > 0, got ${String(p.handleTime)}`);
  }
  if (!finite(p.threshold) || p.threshold < 0) {
    throw new RangeError(`${where}.threshold must be a finite number >= 0, got ${String(p.threshold)}`);
  }
  if (!finite(p.serviceLevel) || p.serviceLevel < 0 || p.serviceLevel >= 1) {
    throw new RangeError(`${where}.serviceLevel must be a target share in [0, 1), got ${String(p.serviceLevel)}`);
  }
  if (p.patience !== undefined && (typeof p.patience !== 'number' || Number.isNaN(p.patience) || p.patience <= 0)) {
    throw new RangeError(`${where}.patience must be a number > 0 (or omitted for Erlang C), got ${String(p.patience)}`);
  }
  if (p.maxAbandon !== undefined) {
    if (!finite(p.maxAbandon) || p.maxAbandon <= 0 || p.maxAbandon > 1) {
      throw new RangeError(`${where}.maxAbandon must be a share in (0, 1], got ${String(p.maxAbandon)}`);
    }
    if (p.patience === undefined || p.patience === Infinity) {
      throw new RangeError(`${where}.maxAbandon needs a finite patience (Erlang C has no abandonment)`);
    }
  }
  if (p.shrinkage !== undefined && (!finite(p.shrinkage) || p.shrinkage < 0 || p.shrinkage >= 1)) {
    throw new RangeError(`${where}.shrinkage must be a share in [0, 1), got ${String(p.shrinkage)}`);
  }
  if (p.occupancyCap !== undefined && (!finite(p.occupancyCap) || p.occupancyCap <= 0 || p.occupancyCap > 1)) {
    throw new RangeError(`${where}.occupancyCap must be a share in (0, 1], got ${String(p.occupancyCap)}`);
  }
}

// ---------------------------------------------------------------- core

/**
 * Scheduled (paid) agents for `agents` on the phones with `shrinkage` in [0, 1):
 * ceil(agents / (1 - shrinkage)), with a quotient within 1e-9 of an integer taken as that integer.
 */
export function scheduledAgents(agents: number, shrinkage: number): number {
  if (!finite(agents) || !Number.isInteger(agents) || agents < 0) {
    throw new RangeError(`agents must be an integer >= 0, got ${String(agents)}`);
  }
  if (!finite(shrinkage) || shrinkage < 0 || shrinkage >= 1) {
    throw new RangeError(`shrinkage must be a share in [0, 1), got ${String(shrinkage)}`);
  }
  const raw = agents / (1 - shrinkage);
  const nearest = Math.round(raw);
  return Math.abs(raw - nearest) <= 1e-9 * Math.max(1, raw) ? nearest : Math.ceil(raw);
}

const ORDER: readonly BindingConstraint[] = ['serviceLevel', 'abandonment', 'occupancy'];

function requirement(load: number, p: StaffingPolicy): StaffingRequirement {
  const erlangAModel = p.patience !== undefined && p.patience !== Infinity;
  const model = erlangAModel ? 'erlangA' : 'erlangC';
  const shrinkage = p.shrinkage ?? 0;
  const cap = p.occupancyCap ?? 1;
  if (load === 0) {
    return {
      load,
      model,
      agents: 0,
      scheduled: 0,
      binding: 'none',
      bindingAll: [],
      minimums: { serviceLevel: 0, abandonment: 0, occupancy: 0 },
      serviceLevel: 1,
      probWait: 0,
      probAbandon: 0,
      asa: 0,
      occupancy: 0,
    };
  }
  let minimums: Record<BindingConstraint, number>;
  if (erlangAModel) {
    const patience = p.patience as number;
    minimums = {
      serviceLevel: agentsForErlangA(load, p.handleTime, patience, p.threshold, p.serviceLevel),
      abandonment: p.maxAbandon === undefined ? 0 : agentsForAbandonment(load, p.handleTime, patience, p.maxAbandon),
      occupancy: agentsForOccupancyErlangA(load, p.handleTime, patience, cap),
    };
  } else {
    minimums = {
      serviceLevel: agentsForServiceLevel(load, p.handleTime, p.threshold, p.serviceLevel),
      abandonment: 0,
      occupancy: agentsForOccupancy(load, cap),
    };
  }
  const agents = Math.max(minimums.serviceLevel, minimums.abandonment, minimums.occupancy);
  const bindingAll = ORDER.filter((k) => minimums[k] === agents);
  const common = {
    load,
    model,
    agents,
    scheduled: scheduledAgents(agents, shrinkage),
    binding: bindingAll[0] as BindingConstraint,
    bindingAll,
    minimums,
  } as const;
  if (erlangAModel) {
    const m = erlangA(load, agents, p.handleTime, p.patience as number, p.threshold);
    return {
      ...common,
      serviceLevel: m.serviceLevel,
      probWait: m.probWait,
      probAbandon: m.probAbandon,
      asa: m.asa,
      occupancy: m.occupancy,
    };
  }
  return {
    ...common,
    serviceLevel: serviceLevel(load, agents, p.handleTime, p.threshold),
    probWait: erlangC(load, agents),
    probAbandon: 0,
    asa: meanWait(load, agents, p.handleTime),
    occupancy: occupancy(load, agents),
  };
}

/**
 * Staffing for one offered load `load` (erlangs, finite, >= 0) under `policy`.
 * E.g. A = 10, AHT 180 s, 80% in 20 s -> 14 agents (binding: service level); with 30% shrinkage
 * 20 scheduled; with occupancy cap 0.70 -> 15 agents (binding: occupancy).
 */
export function staffingForLoad(load: number, policy: StaffingPolicy): StaffingRequirement {
  if (!finite(load) || load < 0) {
    throw new RangeError(`load must be a finite number of erlangs >= 0, got ${String(load)}`);
  }
  checkPolicy(policy);
  return requirement(load, policy);
}

/**
 * Requirements for a list of intervals: `arrivals[i]` is the expected number of contacts in
 * interval i (finite, >= 0, fractional allowed), each interval `intervalLength` long (default 3600,
 * i.e. hours when times are in seconds: pass the 168 hour-of-week forecasts directly). The load is
 * arrivals[i] / intervalLength x handleTime[i]. Identical intervals are computed once.
 */
export function intervalRequirements(
  arrivals: readonly number[],
  options: IntervalStaffingOptions,
): IntervalRequirement[] {
  if (!Array.isArray(arrivals)) throw new RangeError('arrivals must be an array of expected contacts per interval');
  if (options === null || typeof options !== 'object') throw new RangeError('options must be an object');
  const intervalLength = options.intervalLength ?? 3600;
  if (!finite(intervalLength) || intervalLength <= 0) {
    throw new RangeError(`options.intervalLength must be a finite number > 0, got ${String(intervalLength)}`);
  }
  const aht = options.handleTime;
  if (Array.isArray(aht)) {
    if (aht.length !== arrivals.length) {
      throw new RangeError(
        `options.handleTime has ${aht.length} entries but there are ${arrivals.length} intervals`,
      );
    }
  } else if (!finite(aht) || (aht as number) <= 0) {
    throw new RangeError(`options.handleTime must be a finite number > 0 or an array of them, got ${String(aht)}`);
  }
  arrivals.forEach((x, i) => {
    if (!finite(x) || x < 0) throw new RangeError(`arrivals[${i}] must be a finite number >= 0, got ${String(x)}`);
  });
  const handleTimeAt = (i: number): number => (Array.isArray(aht) ? (aht as readonly number[])[i] : (aht as number));
  // Validate the shared policy once, with the first AHT (or a placeholder when there are no intervals).
  const { intervalLength: _unused, handleTime: _aht, ...rest } = options;
  checkPolicy({ ...rest, handleTime: arrivals.length > 0 ? handleTimeAt(0) : 1 }, 'options');
  const cache = new Map<string, StaffingRequirement>();
  return arrivals.map((x, i) => {
    const handleTime = handleTimeAt(i);
    if (!finite(handleTime) || handleTime <= 0) {
      throw new RangeError(`options.handleTime[${i}] must be a finite number > 0, got ${String(handleTime)}`);
    }
    const load = (x * handleTime) / intervalLength;
    const key = `${load}|${handleTime}`;
    let r = cache.get(key);
    if (r === undefined) {
      r = requirement(load, { ...rest, handleTime });
      cache.set(key, r);
    }
    return { ...r, interval: i, arrivals: x, handleTime };
  });
}
