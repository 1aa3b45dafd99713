/**
 * Analytic queueing baseline: Erlang B (M/M/c/c loss system) and Erlang C (M/M/c delay system).
 *
 * Pure TypeScript, no DOM or Node APIs. All functions are numerically stable for hundreds or
 * thousands of servers: Erlang B is computed with the recursion
 *   B(0) = 1,  B(n) = A*B(n-1) / (n + A*B(n-1)),
 * and Erlang C is derived from it with C = N*B / (N - A*(1 - B)). No factorials or powers of A
 * are ever formed, so nothing overflows.
 *
 * Conventions:
 * - `load` is the offered load A in erlangs = arrival rate x mean handle time (same time unit).
 * - `agents` / `servers` is an integer N >= 0.
 * - `handleTime` (mean handle time, AHT) and `threshold` (service-level answer time) share a unit;
 *   `meanWait` is returned in that unit.
 * - The delay system is stable only when N > A. When N <= A the queue grows without bound:
 *   erlangC = 1, meanWait = meanQueueLength = Infinity, serviceLevel = 0.
 * - Invalid arguments throw a RangeError (a subclass of Error) with a message naming the argument.
 *
 * Erlang A (exponential patience) lives in ./erlangA.ts; per-interval staffing requirements with
 * shrinkage and an occupancy cap in ./requirements.ts.
 */

function assertLoad(load: number, name = 'load'): void {
  if (typeof load !== 'number' || !Number.isFinite(load)) {
    throw new RangeError(`${name} must be a finite number (erlangs), got ${String(load)}`);
  }
  if (load < 0) {
    throw new RangeError(`${name} must be >= 0 erlangs, got ${load}`);
  }
}

function assertCount(n: number, name: string): void {
  if (typeof n !== 'number' || !Number.isFinite(n) || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${String(n)}`);
  }
}

function assertPositiveTime(t: number, name: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(t)}`);
  }
}

function assertNonNegativeTime(t: number, name: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(t)}`);
  }
}

/** One step of the Erlang B recursion: B(n) from B(n-1). */
function erlangBStep(load: number, n: number, prev: number): number {
  const x = load * prev;
  return x / (n + x);
}

/** Erlang C from the Erlang B value for the same (A, N); requires N > A. */
function erlangCFromB(load: number, agents: number, b: number): number {
  const c = (agents * b) / (agents - load * (1 - b));
  // Guard against rounding drift; mathematically B <= C <= 1.
  return Math.min(1, Math.max(0, c));
}

/** Service level from a precomputed Erlang C value; requires N > A. */
function serviceLevelFromC(
  c: number,
  load: number,
  agents: number,
  handleTime: number,
  threshold: number,
): number {
  const sl = 1 - c * Math.exp((-(agents - load) * threshold) / handleTime);
  return Math.min(1, Math.max(0, sl));
}

/**
 * Erlang B blocking probability for offered load `load` (erlangs) on `servers` lines
 * (M/M/c/c: blocked calls are lost). erlangB(A, 0) = 1; erlangB(0, N>0) = 0.
 */
export function erlangB(load: number, servers: number): number {
  assertLoad(load);
  assertCount(servers, 'servers');
  let b = 1;
  for (let n = 1; n <= servers; n++) b = erlangBStep(load, n, b);
  return b;
}

/**
 * Erlang C probability that an arriving contact has to wait (M/M/c with an infinite queue).
 * Returns 1 when agents <= load (unstable system: everyone waits).
 */
export function erlangC(load: number, agents: number): number {
  assertLoad(load);
  assertCount(agents, 'agents');
  if (agents <= load) return 1;
  return erlangCFromB(load, agents, erlangB(load, agents));
}

/**
 * Mean wait over all contacts (ASA, average speed of answer) = C * AHT / (N - A),
 * in the unit of `handleTime`. Infinity when agents <= load.
 */
export function meanWait(load: number, agents: number, handleTime: number): number {
  assertLoad(load);
  assertCount(agents, 'agents');
  assertPositiveTime(handleTime, 'handleTime');
  if (agents <= load) return Infinity;
  return (erlangC(load, agents) * handleTime) / (agents - load);
}

/**
 * Service level: probability that a contact is answered within `threshold`,
 * P(wait <= t) = 1 - C * exp(-(N - A) * t / AHT). 0 when agents <= load.
 */
export function serviceLevel(
  load: number,
  agents: number,
  handleTime: number,
  threshold: number,
): number {
  assertLoad(load);
  assertCount(agents, 'agents');
  assertPositiveTime(handleTime, 'handleTime');
  assertNonNegativeTime(threshold, 'threshold');
  if (agents <= load) return 0;
  return serviceLevelFromC(erlangC(load, agents), load, agents, handleTime, threshold);
}

/**
 * Agent occupancy A / N, capped at 1 (an overloaded desk is 100% busy).
 * With no agents: 1 if there is any load, else 0.
 */
export function occupancy(load: number, agents: number): number {
  assertLoad(load);
  assertCount(agents, 'agents');
  if (agents === 0) return load > 0 ? 1 : 0;
  return Math.min(1, load / agents);
}

/** Mean number of contacts waiting, Lq = C * A / (N - A). Infinity when agents <= load. */
export function meanQueueLength(load: number, agents: number): number {
  assertLoad(load);
  assertCount(agents, 'agents');
  if (agents <= load) return Infinity;
  return (erlangC(load, agents) * load) / (agents - load);
}

/**
 * Fewest agents N (searching upward from floor(A) + 1, the smallest stable staffing) with
 * serviceLevel(A, N, AHT, threshold) >= target. `target` must be in [0, 1).
 * Incremental: the Erlang B recursion is carried forward, so the cost is O(final N).
 */
export function agentsForServiceLevel(
  load: number,
  handleTime: number,
  threshold: number,
  target: number,
): number {
  assertLoad(load);
  assertPositiveTime(handleTime, 'handleTime');
  assertNonNegativeTime(threshold, 'threshold');
  if (typeof target !== 'number' || !Number.isFinite(target) || target < 0 || target >= 1) {
    throw new RangeError(`target service level must be a number in [0, 1), got ${String(target)}`);
  }
  let n = Math.floor(load) + 1;
  let b = erlangB(load, n);
  // SL increases with N and tends to 1, so for target < 1 this terminates.
  for (;;) {
    const c = erlangCFromB(load, n, b);
    if (serviceLevelFromC(c, load, n, handleTime, threshold) >= target) return n;
    n += 1;
    b = erlangBStep(load, n, b);
  }
}

/**
 * Fewest lines N with erlangB(A, N) <= target (grade of service). `target` must be in (0, 1].
 */
export function linesForBlocking(load: number, target: number): number {
  assertLoad(load);
  if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0 || target > 1) {
    throw new RangeError(`target blocking probability must be a number in (0, 1], got ${String(target)}`);
  }
  let n = 0;
  let b = 1;
  // B decreases strictly to 0 with N, so for target > 0 this terminates.
  while (b > target) {
    n += 1;
    b = erlangBStep(load, n, b);
  }
  return n;
}

/**
 * Fewest agents N with occupancy A / N <= `cap` (an occupancy ceiling, `cap` in (0, 1]).
 * No load needs no agents (0). The comparison is exact, e.g. A = 7, cap = 0.7 -> 10 agents.
 */
export function agentsForOccupancy(load: number, cap: number): number {
  assertLoad(load);
  if (typeof cap !== 'number' || !Number.isFinite(cap) || cap <= 0 || cap > 1) {
    throw new RangeError(`occupancy cap must be a number in (0, 1], got ${String(cap)}`);
  }
  if (load === 0) return 0;
  let n = Math.max(1, Math.ceil(load / cap));
  // Repair floating-point rounding of load / cap in either direction.
  while (n > 1 && load / (n - 1) <= cap) n -= 1;
  while (load / n > cap) n += 1;
  return n;
}
