/**
 * Erlang A: the M/M/c+M queue (Poisson arrivals, exponential handle times, c agents, an unlimited
 * queue, and exponential patience: a waiting contact abandons after an Exp(theta) time unless it
 * is answered first). Palm's model; see Garnett, Mandelbaum & Reiman, "Designing a call center
 * with impatient customers", M&SOM 4(3), 2002, and Mandelbaum & Zeltyn, "The M/M/n+G queue:
 * summary of performance measures" (Technion technical note) for the formulas below.
 *
 * Pure TypeScript, no DOM or Node APIs, no randomness.
 *
 * Units. Arguments follow ./erlang.ts: `load` A = arrival rate x mean handle time (erlangs),
 * `agents` c is an integer >= 0, and `handleTime` (AHT), `patience` (mean time to abandon) and
 * `threshold` (service-level answer time t) share one time unit; waits come back in that unit.
 * Internally time is measured in AHTs: mu = 1, lambda = A, theta = AHT / patience, tau = t / AHT.
 *
 * The chain. The number of contacts in the system is a birth-death chain with birth rate A in
 * every state and death rate min(n, c) + max(0, n - c) * theta in state n. With
 *   E  = sum_{n<c} (A^n / n!) / (A^c / c!)            (= 1/B(A, c) - 1, B = Erlang B),
 *   t_j = prod_{i=1..j} A / (c + i*theta)   (t_0 = 1),   Q = sum_{j>=0} t_j,
 * the stationary probability of state c is pi_c = 1 / (E + Q), of state c + j is pi_c * t_j, and
 * of all states below c together is pi_c * E. By PASTA an arrival sees the stationary law:
 *   P(wait)        = pi_c * Q                        (all agents busy on arrival)
 *   Lq             = pi_c * sum_j j * t_j            (mean number waiting)
 *   P(abandon)     = theta * Lq / A                  (abandonment rate theta*Lq over arrival rate)
 *   ASA            = E[min(V, patience)] = Lq / A    (mean wait of ALL arrivals, Little's law; the
 *                                                    abandoned count with the time they waited)
 *   occupancy      = A * P(answered) / c             (carried load per agent)
 * Here V is the offered wait: the wait an arrival would have with infinite patience. An arrival
 * finding c + j in the system takes position k = j + 1; it reaches service after
 * V_k = sum_{i=0..k-1} Exp(c + i*theta) (service completions plus abandonment of those ahead), and
 * is answered iff V_k <= its own Exp(theta) patience, which happens with probability
 * c / (c + k*theta). The mean wait of the answered is E[V; answered] / P(answered) with
 *   E[V; answered] = pi_c * sum_j t_j * c/(c + (j+1)*theta) * sum_{i=1..j+1} 1/(c + i*theta).
 *
 * Service level (abandons count as failures): SL(t) = P(answered and waited <= t) over all
 * arrivals. The offered wait has an atom P(V = 0) = pi_c * E and, for x > 0, the density
 *   f_V(x) = c * pi_c * exp(A * (1 - e^{-theta x}) / theta - c x),
 * so, writing H(X) = sum_{n>=0} X^n / prod_{i=1..n+1} (c + i*theta) (a scaled lower incomplete
 * gamma function: theta*e^y*y^-(s+1)*gamma(s+1, y) with s = c/theta, y = X/theta),
 *   P(answered, V > t) = int_t^inf e^{-theta x} f_V(x) dx
 *                      = c * pi_c * exp(A (1 - e^{-theta t}) / theta - (c + theta) t) * H(A e^{-theta t}),
 *   P(answered)        = P(V = 0) + c * pi_c * H(A)   (= 1 - P(abandon); Q = 1 + A * H(A)),
 *   SL(t) = P(answered) - P(answered, V > t)           (at t = 0 this is P(V = 0)).
 * P(abandon) and P(answered) are each summed directly (no 1 - x), so both keep their relative
 * accuracy when small; occupancy uses P(answered).
 *
 * Numerics. All series are sums of positive terms built by ratios (no factorials or powers), with
 * a running power-of-ten rescaling so that overloaded systems (c < A, where the terms first grow
 * to astronomically large values) do not overflow; E comes from the log-space recursion
 * ln E(c) = ln(c / A) + ln(1 + E(c - 1)). The series are truncated when a rigorous bound on the
 * remaining tail (the term ratios A / (c + i*theta) decrease) falls below 1e-17 of the sum, which is
 * below double precision. Typical staffing needs tens to a few hundred terms; an overloaded desk
 * (c < A) needs about (A - c) / theta + O(sqrt(A / theta)), and a RangeError reports the absurd
 * case (more than 1e7 terms: near-infinite patience on an overloaded desk).
 * patience = Infinity is Erlang C exactly (delegated to ./erlang.ts).
 */

import {
  agentsForOccupancy,
  agentsForServiceLevel,
  erlangC,
  meanQueueLength as erlangCMeanQueueLength,
  meanWait as erlangCMeanWait,
  occupancy as erlangCOccupancy,
  serviceLevel as erlangCServiceLevel,
} from './erlang.js';

/** Performance of an Erlang A (M/M/c+M) desk. Times are in the unit of `handleTime`. */
export interface ErlangAMetrics {
  /** Offered load A in erlangs. */
  readonly load: number;
  /** Number of agents c. */
  readonly agents: number;
  /** P(an arrival finds every agent busy and has to queue). */
  readonly probWait: number;
  /** P(an arrival abandons before being answered). */
  readonly probAbandon: number;
  /** 1 - probAbandon. */
  readonly probAnswered: number;
  /** Mean wait of all arrivals, answered or abandoned (time in queue) = Lq / lambda. */
  readonly asa: number;
  /** Mean wait of answered contacts; NaN when nobody is ever answered (no agents, load > 0). */
  readonly meanWaitAnswered: number;
  /** Mean number of contacts waiting. */
  readonly meanQueueLength: number;
  /** Carried load per agent, A * (1 - probAbandon) / c (0 agents: 1 with load, else 0). */
  readonly occupancy: number;
  /** P(answered and waited <= threshold) over all arrivals (abandons count as failures). */
  readonly serviceLevel: number;
  /** The answer-time threshold `serviceLevel` refers to. */
  readonly threshold: number;
}

const TAIL_EPS = 1e-17;
const RESCALE_AT = 1e200;
const RESCALE_BY = 1e-200;
const LN_RESCALE = 200 * Math.LN10;
/** Hard cap on series terms: reached only for an overloaded desk with near-infinite patience. */
const MAX_TERMS = 10_000_000;

// ---------------------------------------------------------------- validation

function assertLoad(load: number): void {
  if (typeof load !== 'number' || !Number.isFinite(load)) {
    throw new RangeError(`load must be a finite number (erlangs), got ${String(load)}`);
  }
  if (load < 0) throw new RangeError(`load must be >= 0 erlangs, got ${load}`);
}

function assertAgents(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`agents must be an integer >= 0, got ${String(n)}`);
  }
}

function assertHandleTime(t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    throw new RangeError(`handleTime must be a finite number > 0, got ${String(t)}`);
  }
}

function assertPatience(p: number): void {
  if (typeof p !== 'number' || Number.isNaN(p) || p <= 0) {
    throw new RangeError(
      `patience must be a number > 0 (mean time to abandon; Infinity = never abandons), got ${String(p)}`,
    );
  }
}

function assertThreshold(t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RangeError(`threshold must be a finite number >= 0, got ${String(t)}`);
  }
}

function assertTarget(target: number): void {
  if (typeof target !== 'number' || !Number.isFinite(target) || target < 0 || target >= 1) {
    throw new RangeError(`target service level must be a number in [0, 1), got ${String(target)}`);
  }
}

function assertMaxAbandon(m: number): void {
  if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0 || m > 1) {
    throw new RangeError(`maxAbandon must be a number in (0, 1], got ${String(m)}`);
  }
}

// ---------------------------------------------------------------- numerics

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** ln(e^a + e^b), safe for -Infinity. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** ln E(c) where E(c) = sum_{n<c} (A^n/n!) / (A^c/c!) = 1/B(A, c) - 1; -Infinity for c = 0. A > 0. */
function lnBelow(load: number, agents: number): number {
  let lnE = -Infinity;
  const lnA = Math.log(load);
  for (let n = 1; n <= agents; n++) lnE = Math.log(n) - lnA + softplus(lnE);
  return lnE;
}

function tooLong(): never {
  throw new RangeError(
    'Erlang A series too long: the desk is overloaded (agents < load) and patience is so long that ' +
      'abandonment barely relieves it; use a shorter patience or Erlang C (patience = Infinity)',
  );
}

interface QueueSums {
  /** ln Q = ln sum_j t_j */
  readonly lnQ: number;
  /** ln sum_j j t_j */
  readonly lnL: number;
  /** ln sum_j t_j * c/(c+(j+1)theta) * h_{j+1}; -Infinity when c = 0 */
  readonly lnW: number;
  /** ln sum_j t_j * c/(c+(j+1)theta) = ln(c H(A)); -Infinity when c = 0 */
  readonly lnAns: number;
}

/** The queue-side series of the chain (see the header). Requires load > 0, theta > 0. */
function queueSums(load: number, c: number, theta: number): QueueSums {
  let t = 1; // t_j, rescaled
  let q = 0;
  let l = 0;
  let w = 0;
  let ans = 0;
  let h = 0; // h_{j+1} = sum_{i=1..j+1} 1/(c + i theta)
  let logScale = 0;
  for (let j = 0; ; j++) {
    if (j > MAX_TERMS) tooLong();
    const rate = c + (j + 1) * theta; // total leave rate of position j+1 (service + own abandonment)
    h += 1 / rate;
    q += t;
    l += j * t;
    if (c > 0) {
      ans += t * (c / rate);
      w += t * (c / rate) * h;
    }
    const r = load / rate; // t_{j+1} / t_j; decreasing in j
    if (r < 1) {
      const g = r / (1 - r);
      const tailQ = t * g; // >= sum_{i>j} t_i
      const tailL = t * (j * g + g / (1 - r)); // >= sum_{i>j} i t_i
      const tailW = c > 0 ? h * tailQ + (t * g) / (1 - r) / (c + (j + 2) * theta) : 0;
      const tailAns = c > 0 ? (tailQ * c) / (c + (j + 2) * theta) : 0;
      if (
        tailQ <= TAIL_EPS * q &&
        tailL <= TAIL_EPS * l &&
        tailW <= TAIL_EPS * w &&
        tailAns <= TAIL_EPS * ans
      ) {
        break;
      }
    }
    t *= r;
    if (t > RESCALE_AT) {
      t *= RESCALE_BY;
      q *= RESCALE_BY;
      l *= RESCALE_BY;
      w *= RESCALE_BY;
      ans *= RESCALE_BY;
      logScale += LN_RESCALE;
    }
  }
  return {
    lnQ: Math.log(q) + logScale,
    lnL: Math.log(l) + logScale,
    lnW: c > 0 ? Math.log(w) + logScale : -Infinity,
    lnAns: c > 0 ? Math.log(ans) + logScale : -Infinity,
  };
}

/** ln H(x) = ln sum_{n>=0} x^n / prod_{i=1..n+1} (c + i theta). Requires theta > 0, x >= 0. */
function lnH(x: number, c: number, theta: number): number {
  let u = 1 / (c + theta);
  let s = 0;
  let logScale = 0;
  for (let n = 0; ; n++) {
    if (n > MAX_TERMS) tooLong();
    s += u;
    const r = x / (c + (n + 2) * theta); // u_{n+1} / u_n; decreasing in n
    if (r < 1 && u * (r / (1 - r)) <= TAIL_EPS * s) break;
    u *= r;
    if (u > RESCALE_AT) {
      u *= RESCALE_BY;
      s *= RESCALE_BY;
      logScale += LN_RESCALE;
    }
  }
  return Math.log(s) + logScale;
}

/** Everything except the service level, for A > 0, theta > 0, given ln E(c). Times in AHTs. */
interface Core {
  readonly lnPiC: number;
  readonly probWait: number;
  readonly probNoWait: number;
  readonly meanQueueLength: number;
  readonly probAbandon: number;
  /** P(answered) = P(V = 0) + c pi_c H(A), summed directly: accurate even when tiny. */
  readonly probAnswered: number;
  /** E[V; answered] in AHTs. */
  readonly answeredWaitMass: number;
}

function core(load: number, c: number, theta: number, lnE: number): Core {
  const sums = queueSums(load, c, theta);
  const lnPiC = -logAddExp(lnE, sums.lnQ);
  const meanQueueLength = Math.exp(lnPiC + sums.lnL);
  return {
    lnPiC,
    probWait: clamp01(Math.exp(lnPiC + sums.lnQ)),
    probNoWait: clamp01(Math.exp(lnPiC + lnE)),
    meanQueueLength,
    probAbandon: clamp01((theta * meanQueueLength) / load),
    probAnswered: clamp01(Math.exp(lnPiC + lnE) + Math.exp(lnPiC + sums.lnAns)),
    answeredWaitMass: Math.exp(lnPiC + sums.lnW),
  };
}

/** SL(tau) with tau in AHTs; see the header. */
function serviceLevelFromCore(load: number, c: number, theta: number, k: Core, tau: number): number {
  if (c === 0) return 0;
  const decay = Math.exp(-theta * tau);
  const growth = (-Math.expm1(-theta * tau) / theta) * load; // A (1 - e^{-theta tau}) / theta
  const lnLate = Math.log(c) + k.lnPiC + growth - (c + theta) * tau + lnH(load * decay, c, theta);
  return clamp01(k.probAnswered - Math.exp(lnLate));
}

// ---------------------------------------------------------------- public API

/**
 * All Erlang A measures for `agents` agents (see the header for definitions and formulas).
 * `patience` is the mean time to abandon (> 0, same unit as `handleTime`); Infinity gives Erlang C.
 * No load: nobody waits, service level 1.
 */
export function erlangA(
  load: number,
  agents: number,
  handleTime: number,
  patience: number,
  threshold: number,
): ErlangAMetrics {
  assertLoad(load);
  assertAgents(agents);
  assertHandleTime(handleTime);
  assertPatience(patience);
  assertThreshold(threshold);
  if (load === 0) {
    return {
      load,
      agents,
      probWait: 0,
      probAbandon: 0,
      probAnswered: 1,
      asa: 0,
      meanWaitAnswered: 0,
      meanQueueLength: 0,
      occupancy: 0,
      serviceLevel: 1,
      threshold,
    };
  }
  if (patience === Infinity) {
    const asa = erlangCMeanWait(load, agents, handleTime);
    return {
      load,
      agents,
      probWait: erlangC(load, agents),
      probAbandon: 0,
      probAnswered: 1,
      asa,
      meanWaitAnswered: asa,
      meanQueueLength: erlangCMeanQueueLength(load, agents),
      occupancy: erlangCOccupancy(load, agents),
      serviceLevel: erlangCServiceLevel(load, agents, handleTime, threshold),
      threshold,
    };
  }
  const theta = handleTime / patience;
  const k = core(load, agents, theta, lnBelow(load, agents));
  const probAnswered = k.probAnswered;
  return {
    load,
    agents,
    probWait: k.probWait,
    probAbandon: k.probAbandon,
    probAnswered,
    asa: (k.meanQueueLength / load) * handleTime,
    meanWaitAnswered: agents === 0 ? Number.NaN : (k.answeredWaitMass / probAnswered) * handleTime,
    meanQueueLength: k.meanQueueLength,
    occupancy: agents === 0 ? 1 : Math.min(1, (load * probAnswered) / agents),
    serviceLevel: serviceLevelFromCore(load, agents, theta, k, threshold / handleTime),
    threshold,
  };
}

/** P(wait): probability that an arrival finds every agent busy. */
export function erlangAProbWait(load: number, agents: number, handleTime: number, patience: number): number {
  return erlangA(load, agents, handleTime, patience, 0).probWait;
}

/** P(abandon): probability that an arrival hangs up before being answered. */
export function erlangAProbAbandon(load: number, agents: number, handleTime: number, patience: number): number {
  return erlangA(load, agents, handleTime, patience, 0).probAbandon;
}

/** ASA over all arrivals, E[min(offered wait, patience)] = Lq / lambda, in the unit of handleTime. */
export function erlangAMeanWait(load: number, agents: number, handleTime: number, patience: number): number {
  return erlangA(load, agents, handleTime, patience, 0).asa;
}

/** Occupancy: carried load per agent. */
export function erlangAOccupancy(load: number, agents: number, handleTime: number, patience: number): number {
  return erlangA(load, agents, handleTime, patience, 0).occupancy;
}

/** P(answered and waited <= threshold) over all arrivals; abandons count as failures. */
export function erlangAServiceLevel(
  load: number,
  agents: number,
  handleTime: number,
  patience: number,
  threshold: number,
): number {
  return erlangA(load, agents, handleTime, patience, threshold).serviceLevel;
}

/** ln E(c) for c = 0, 1, 2, ... of one load, memoised (the recursion only runs upward). */
function lnBelowTable(load: number): (c: number) => number {
  const lnA = Math.log(load);
  const table = [-Infinity];
  return (c) => {
    while (table.length <= c) {
      const n = table.length;
      table.push(Math.log(n) - lnA + softplus(table[n - 1]));
    }
    return table[c];
  };
}

/**
 * Fewest c >= lower with ok(c), for ok monotone in c (false ... false true true ...): starting
 * from a good guess `hint`, walk down while the smaller desk still passes, else walk up. Starting
 * near the answer keeps the evaluations off badly overloaded desks, whose series are long.
 */
function fewestAgents(lower: number, hint: number, ok: (c: number) => boolean): number {
  let c = Math.max(lower, hint);
  if (ok(c)) {
    while (c > lower && ok(c - 1)) c -= 1;
    return c;
  }
  do c += 1;
  while (!ok(c));
  return c;
}

/**
 * Fewest agents c with serviceLevel >= `target` (in [0, 1)) and, if `maxAbandon` (in (0, 1]) is
 * given, also probAbandon <= maxAbandon. Unlike Erlang C an Erlang A desk is stable with any
 * number of agents, so the answer may be below the load; no load needs 0 agents.
 *
 * Search: from the Erlang C answer (a good guess), down or up one agent at a time, never below a
 * proven lower bound (answered contacts carry A * P(answered) < c erlangs, so SL < c / A and
 * P(abandon) > 1 - c / A). SL rises and P(abandon) falls with c (checked in the tests), so the
 * boundary found is the minimum. patience = Infinity is Erlang C.
 */
export function agentsForErlangA(
  load: number,
  handleTime: number,
  patience: number,
  threshold: number,
  target: number,
  maxAbandon?: number,
): number {
  assertLoad(load);
  assertHandleTime(handleTime);
  assertPatience(patience);
  assertThreshold(threshold);
  assertTarget(target);
  if (maxAbandon !== undefined) assertMaxAbandon(maxAbandon);
  if (load === 0) return 0;
  const hint = agentsForServiceLevel(load, handleTime, threshold, target);
  if (patience === Infinity) return hint; // Erlang C: nobody abandons
  const theta = handleTime / patience;
  const tau = threshold / handleTime;
  const lnE = lnBelowTable(load);
  const lower = Math.max(
    0,
    Math.floor(target * load),
    maxAbandon === undefined ? 0 : Math.floor((1 - maxAbandon) * load),
  );
  return fewestAgents(lower, hint, (c) => {
    const k = core(load, c, theta, lnE(c));
    return (
      (maxAbandon === undefined || k.probAbandon <= maxAbandon) &&
      serviceLevelFromCore(load, c, theta, k, tau) >= target
    );
  });
}

/**
 * Fewest agents c with probAbandon <= `maxAbandon` (in (0, 1]). No load (or infinite patience)
 * needs 0 agents. Same search as agentsForErlangA, from floor(A) + 1.
 */
export function agentsForAbandonment(
  load: number,
  handleTime: number,
  patience: number,
  maxAbandon: number,
): number {
  assertLoad(load);
  assertHandleTime(handleTime);
  assertPatience(patience);
  assertMaxAbandon(maxAbandon);
  if (load === 0 || patience === Infinity) return 0;
  const theta = handleTime / patience;
  const lnE = lnBelowTable(load);
  const lower = Math.max(0, Math.floor((1 - maxAbandon) * load));
  return fewestAgents(lower, Math.floor(load) + 1, (c) => core(load, c, theta, lnE(c)).probAbandon <= maxAbandon);
}

/**
 * Fewest agents c with Erlang A occupancy (carried load per agent) <= `cap` (in (0, 1]).
 * Occupancy never exceeds A / c, so the Erlang C answer ceil(A / cap) is an upper bound; the
 * search walks down from it while the smaller desk still meets the cap. No load needs 0 agents.
 */
export function agentsForOccupancyErlangA(
  load: number,
  handleTime: number,
  patience: number,
  cap: number,
): number {
  assertLoad(load);
  assertHandleTime(handleTime);
  assertPatience(patience);
  if (typeof cap !== 'number' || !Number.isFinite(cap) || cap <= 0 || cap > 1) {
    throw new RangeError(`occupancy cap must be a number in (0, 1], got ${String(cap)}`);
  }
  if (load === 0) return 0;
  let n = agentsForOccupancy(load, cap);
  if (patience === Infinity) return n;
  if (cap === 1) return 1; // carried load < c for every c >= 1
  const occ = (c: number): number => erlangAOccupancy(load, c, handleTime, patience);
  while (n > 1 && occ(n - 1) <= cap) n -= 1;
  return n;
}
