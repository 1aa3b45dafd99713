import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsForOccupancy,
  agentsForServiceLevel,
  erlangB,
  erlangC,
  linesForBlocking,
  meanQueueLength,
  meanWait,
  occupancy,
  serviceLevel,
} from '../sim/planner/erlang.js';
import {
  agentsForAbandonment,
  agentsForErlangA,
  agentsForOccupancyErlangA,
  erlangA,
  erlangAMeanWait,
  erlangAOccupancy,
  erlangAProbAbandon,
  erlangAProbWait,
  erlangAServiceLevel,
} from '../sim/planner/erlangA.js';

/** Independent reference: Erlang C by log-space summation of A^k/k! (no recursion shared with the module). */
function erlangCBySum(load: number, agents: number): number {
  let logFact = 0;
  const logs: number[] = [];
  for (let k = 0; k < agents; k++) {
    if (k > 1) logFact += Math.log(k);
    logs.push(k * Math.log(load) - logFact);
  }
  const logLast =
    agents * Math.log(load) - (logFact + Math.log(agents)) + Math.log(agents / (agents - load));
  const m = Math.max(logLast, ...logs);
  const sum = logs.reduce((s, x) => s + Math.exp(x - m), 0);
  const last = Math.exp(logLast - m);
  return last / (sum + last);
}

describe('published Erlang C values', () => {
  // A = 10 erlangs (e.g. 100 contacts / 30 min at 180 s AHT), 20 s threshold, 80% target.
  it('A=10, AHT 180 s, 20 s / 80% -> 14 agents', () => {
    expect(agentsForServiceLevel(10, 180, 20, 0.8)).toBe(14);
    expect(erlangC(10, 14)).toBeCloseTo(0.1741, 4);
    expect(serviceLevel(10, 14, 180, 20)).toBeCloseTo(0.8884, 4);
    expect(meanWait(10, 14, 180)).toBeCloseTo(7.84, 2);
    // 13 agents just miss the target.
    expect(serviceLevel(10, 13, 180, 20)).toBeLessThan(0.8);
  });

  it('A=48, N=55, AHT 240 s', () => {
    expect(erlangC(48, 55)).toBeCloseTo(0.2387, 4);
    expect(serviceLevel(48, 55, 240, 20)).toBeCloseTo(0.8668, 4);
  });
});

describe('Erlang B', () => {
  it('erlangB(10, 10) ~ 0.2146', () => {
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
  });
  it('A=10 at 2% blocking -> 17 lines', () => {
    expect(linesForBlocking(10, 0.02)).toBe(17);
    expect(erlangB(10, 16)).toBeGreaterThan(0.02);
    expect(erlangB(10, 17)).toBeLessThanOrEqual(0.02);
  });
  it('edge cases', () => {
    expect(erlangB(5, 0)).toBe(1);
    expect(erlangB(0, 3)).toBe(0);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(linesForBlocking(10, 1)).toBe(0);
    expect(linesForBlocking(0, 0.01)).toBe(1);
  });
});

describe('computed cases (AHT 180 s, threshold 20 s), cross-checked by log summation and exact rationals', () => {
  // A = 7.5 erlangs, 11 agents: P(wait) 0.175807, ASA 9.0415 s, SL(20 s) 0.880836, Lq 0.376729.
  it('A=7.5, N=11', () => {
    expect(erlangC(7.5, 11)).toBeCloseTo(0.1758, 4);
    expect(meanWait(7.5, 11, 180)).toBeCloseTo(9.0415, 4);
    expect(serviceLevel(7.5, 11, 180, 20)).toBeCloseTo(0.8808, 4);
    expect(meanQueueLength(7.5, 11)).toBeCloseTo(0.3767, 4);
    expect(agentsForServiceLevel(7.5, 180, 20, 0.8)).toBe(11);
  });
  // A = 3 erlangs, 6 agents: P(wait) = 2.025/20.425 = 0.099143, ASA 5.9486 s, SL(20 s) 0.928961.
  it('A=3, N=6', () => {
    expect(erlangC(3, 6)).toBeCloseTo(0.0991, 4);
    expect(erlangC(3, 6)).toBeCloseTo(2.025 / 20.425, 12);
    expect(meanWait(3, 6, 180)).toBeCloseTo(5.9486, 4);
    expect(serviceLevel(3, 6, 180, 20)).toBeCloseTo(0.929, 4);
    expect(meanQueueLength(3, 6)).toBeCloseTo(0.0991, 4);
  });
  it('recursion agrees with log-sum formula', () => {
    for (const [a, n] of [
      [7.5, 11],
      [3, 6],
      [10, 14],
      [48, 55],
      [0.5, 1],
      [99.9, 120],
    ] as const) {
      expect(erlangC(a, n)).toBeCloseTo(erlangCBySum(a, n), 10);
    }
  });
});

describe('stability and monotonicity', () => {
  it('erlangC(900, 950) is finite in (0, 1)', () => {
    const c = erlangC(900, 950);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(c).toBeCloseTo(erlangCBySum(900, 950), 9);
  });
  it('agentsForServiceLevel for A=1000', () => {
    const n = agentsForServiceLevel(1000, 180, 20, 0.8);
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThan(1000);
    expect(serviceLevel(1000, n, 180, 20)).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel(1000, n - 1, 180, 20)).toBeLessThan(0.8);
    expect(linesForBlocking(1000, 0.01)).toBeGreaterThan(1000);
    expect(erlangB(5000, 5000)).toBeGreaterThan(0);
  });
  it('monotone in agents', () => {
    for (const a of [0.7, 3, 10, 48, 250]) {
      let prevC = 1;
      let prevSl = 0;
      let prevW = Infinity;
      let prevB = 1;
      for (let n = Math.floor(a) + 1; n <= Math.floor(a) + 40; n++) {
        const c = erlangC(a, n);
        const sl = serviceLevel(a, n, 180, 20);
        const w = meanWait(a, n, 180);
        const b = erlangB(a, n);
        expect(c).toBeLessThan(prevC);
        expect(sl).toBeGreaterThanOrEqual(prevSl);
        expect(w).toBeLessThan(prevW);
        expect(b).toBeLessThan(prevB);
        expect(b).toBeLessThanOrEqual(c);
        prevC = c;
        prevSl = sl;
        prevW = w;
        prevB = b;
      }
    }
  });
});

describe('unstable systems and simple metrics', () => {
  it('agents <= load', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 7)).toBe(1);
    expect(meanWait(10, 10, 180)).toBe(Infinity);
    expect(meanQueueLength(10, 9)).toBe(Infinity);
    expect(serviceLevel(10, 10, 180, 20)).toBe(0);
  });
  it('occupancy', () => {
    expect(occupancy(10, 14)).toBeCloseTo(10 / 14, 12);
    expect(occupancy(10, 8)).toBe(1);
    expect(occupancy(0, 0)).toBe(0);
    expect(occupancy(2, 0)).toBe(1);
  });
  it('threshold 0 gives SL = 1 - C; zero load needs no waiting', () => {
    expect(serviceLevel(10, 14, 180, 0)).toBeCloseTo(1 - erlangC(10, 14), 12);
    expect(erlangC(0, 1)).toBe(0);
    expect(meanWait(0, 1, 180)).toBe(0);
    expect(agentsForServiceLevel(0, 180, 20, 0.95)).toBe(1);
  });
});

describe('argument validation', () => {
  it('rejects bad arguments with clear messages', () => {
    expect(() => erlangB(-1, 3)).toThrow(/load must be >= 0/);
    expect(() => erlangB(Number.NaN, 3)).toThrow(/load must be a finite number/);
    expect(() => erlangC(Infinity, 3)).toThrow(/finite/);
    expect(() => erlangC(5, 2.5)).toThrow(/agents must be an integer >= 0/);
    expect(() => erlangB(5, -1)).toThrow(/servers must be an integer >= 0/);
    expect(() => meanWait(5, 6, 0)).toThrow(/handleTime must be a finite number > 0/);
    expect(() => serviceLevel(5, 6, 180, -1)).toThrow(/threshold must be a finite number >= 0/);
    expect(() => agentsForServiceLevel(5, 180, 20, 1)).toThrow(/target service level/);
    expect(() => agentsForServiceLevel(5, 180, 20, -0.1)).toThrow(/target service level/);
    expect(() => linesForBlocking(5, 0)).toThrow(/target blocking probability/);
    expect(() => linesForBlocking(5, 1.5)).toThrow(/target blocking probability/);
  });
});

describe('agentsForOccupancy and RangeErrors', () => {
  it('fewest agents with A / N <= cap', () => {
    expect(agentsForOccupancy(10, 0.7)).toBe(15);
    expect(agentsForOccupancy(7, 0.7)).toBe(10);
    expect(agentsForOccupancy(10, 1)).toBe(10);
    expect(agentsForOccupancy(0, 0.5)).toBe(0);
    expect(agentsForOccupancy(0.01, 0.9)).toBe(1);
    expect(() => agentsForOccupancy(10, 0)).toThrow(RangeError);
    expect(() => agentsForOccupancy(10, 1.2)).toThrow(/occupancy cap must be a number in \(0, 1\]/);
  });
  it('bad arguments throw RangeError (still an Error)', () => {
    expect(() => erlangC(-1, 3)).toThrow(RangeError);
    expect(() => erlangB(5, 1.5)).toThrow(RangeError);
    expect(() => serviceLevel(5, 6, 180, Number.NaN)).toThrow(RangeError);
    expect(() => linesForBlocking(5, 0)).toThrow(Error);
  });
});

// ------------------------------------------------------------------------------------ Erlang A

interface RefA {
  probWait: number;
  probAbandon: number;
  asa: number;
  meanWaitAnswered: number;
  serviceLevel: number;
}

/**
 * Independent Erlang A reference (times in the unit of `aht`). Solves the birth-death chain
 * directly (log weights, truncated where the probabilities fall below 1e-18 of the largest), then
 * follows a tagged arrival through its queue positions: from position j it leaves at rate
 * c + j*theta, moving up (or into service from position 1) at rate c + (j-1)*theta and abandoning
 * at rate theta. Answer and mean-wait probabilities come from per-position recursions, and
 * P(answered by tau) from uniformization of the position chain. Shares no formula with the module
 * (no incomplete gamma / density / Little's law).
 */
function erlangARef(load: number, c: number, aht: number, patience: number, t: number): RefA {
  const theta = aht / patience;
  const tau = t / aht;
  const logw = [0];
  let max = 0;
  for (let n = 1; ; n++) {
    const out = Math.min(n, c) + Math.max(0, n - c) * theta;
    const lw = logw[n - 1] + Math.log(load) - Math.log(out);
    logw.push(lw);
    max = Math.max(max, lw);
    if (n > c && load < out && lw < max - 41.5) break;
  }
  const w = logw.map((x) => Math.exp(x - max));
  const z = w.reduce((s, x) => s + x, 0);
  const p = w.map((x) => x / z);
  const positions = p.length - c; // position k = n - c + 1 for n >= c
  const pos = (k: number) => p[c + k - 1];
  let probNoWait = 0;
  for (let n = 0; n < c; n++) probNoWait += p[n];
  let probWait = 0;
  let probAnswered = probNoWait;
  let asa = 0;
  let answeredWait = 0;
  let a = 1; // P(answered | position k), recursion over k
  let m = 0; // E[min(V, patience) | k]
  let e = 0; // E[V; answered | k]
  for (let k = 1; k <= positions; k++) {
    const rate = c + k * theta;
    const up = (c + (k - 1) * theta) / rate;
    e = up * (a / rate + e);
    a = up * a;
    m = 1 / rate + up * m;
    probWait += pos(k);
    probAnswered += pos(k) * a;
    asa += pos(k) * m;
    answeredWait += pos(k) * e;
  }
  // Uniformization of the positions chain started from the arrival's position distribution.
  const lambdaU = c + positions * theta;
  let v = Array.from({ length: positions + 1 }, (_, k) => (k === 0 ? 0 : pos(k)));
  let served = 0;
  let sl = probNoWait;
  const mean = lambdaU * tau;
  const steps = Math.ceil(mean + 12 * Math.sqrt(mean) + 40);
  let weight = Math.exp(-mean);
  for (let step = 0; step <= steps; step++) {
    sl += weight * served;
    const next = new Array<number>(positions + 1).fill(0);
    for (let k = 1; k <= positions; k++) {
      const rate = c + k * theta;
      const upMass = (v[k] * (c + (k - 1) * theta)) / lambdaU;
      if (k === 1) served += upMass;
      else next[k - 1] += upMass;
      next[k] += v[k] * (1 - rate / lambdaU);
    }
    v = next;
    weight *= mean / (step + 1);
  }
  return {
    probWait,
    probAbandon: 1 - probAnswered,
    asa: asa * aht,
    meanWaitAnswered: (answeredWait / probAnswered) * aht,
    serviceLevel: sl,
  };
}

function expectMatchesRef(load: number, c: number, aht: number, patience: number, t: number, digits = 9): void {
  const got = erlangA(load, c, aht, patience, t);
  const ref = erlangARef(load, c, aht, patience, t);
  expect(got.probWait).toBeCloseTo(ref.probWait, digits);
  expect(got.probAbandon).toBeCloseTo(ref.probAbandon, digits);
  expect(got.probAnswered).toBeCloseTo(1 - ref.probAbandon, digits);
  expect(got.serviceLevel).toBeCloseTo(ref.serviceLevel, digits);
  expect(got.asa / aht).toBeCloseTo(ref.asa / aht, digits);
  if (c > 0) expect(got.meanWaitAnswered / aht).toBeCloseTo(ref.meanWaitAnswered / aht, digits);
  expect(got.occupancy).toBeCloseTo(c === 0 ? 1 : Math.min(1, (load * (1 - ref.probAbandon)) / c), digits);
}

/** P(Poisson(mean) >= c) and E[(Poisson(mean) - c)^+], by direct summation. */
function poissonTail(mean: number, c: number): { tail: number; excess: number } {
  let term = Math.exp(-mean);
  let below = 0;
  let meanBelow = 0;
  for (let n = 0; n < c; n++) {
    below += term;
    meanBelow += n * term;
    term *= mean / (n + 1);
  }
  // E[(N - c)^+] = E[N] - c + E[(c - N)^+]
  const excess = mean - c + (c * below - meanBelow);
  return { tail: 1 - below, excess };
}

describe('Erlang A: limits and closed forms', () => {
  it('patience -> infinity converges to Erlang C (A=10, N=14, AHT 180 s, 20 s)', () => {
    const m = erlangA(10, 14, 180, 180e9, 20);
    expect(m.probWait).toBeCloseTo(0.1741, 4);
    expect(m.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(m.asa).toBeCloseTo(7.84, 2);
    expect(m.probWait).toBeCloseTo(erlangC(10, 14), 9);
    expect(m.serviceLevel).toBeCloseTo(serviceLevel(10, 14, 180, 20), 9);
    expect(m.asa).toBeCloseTo(meanWait(10, 14, 180), 6);
    expect(m.meanQueueLength).toBeCloseTo(meanQueueLength(10, 14), 8);
    expect(m.probAbandon).toBeLessThan(1e-10);
    // The gap to Erlang C shrinks steadily as patience grows.
    let prevGap = Infinity;
    for (const patience of [60, 180, 600, 1800, 18000, 180000, 1.8e7]) {
      const gap = Math.abs(erlangAServiceLevel(10, 14, 180, patience, 20) - serviceLevel(10, 14, 180, 20));
      expect(gap).toBeLessThan(prevGap);
      prevGap = gap;
    }
    expect(prevGap).toBeLessThan(1e-5);
    // patience = Infinity is Erlang C exactly.
    const inf = erlangA(10, 14, 180, Infinity, 20);
    expect(inf.probWait).toBe(erlangC(10, 14));
    expect(inf.serviceLevel).toBe(serviceLevel(10, 14, 180, 20));
    expect(inf.probAbandon).toBe(0);
    expect(erlangA(10, 9, 180, Infinity, 20).asa).toBe(Infinity);
  });

  it('patience = AHT: the number in system is Poisson(A) (every contact leaves at rate mu)', () => {
    // A=10, c=14: P(wait) = P(Poisson(10) >= 14) = 1 - 0.864464 = 0.135536; P(abandon) = E[(N-14)^+]/A.
    const m = erlangA(10, 14, 180, 180, 20);
    expect(m.probWait).toBeCloseTo(0.135536, 6);
    const { tail, excess } = poissonTail(10, 14);
    expect(m.probWait).toBeCloseTo(tail, 12);
    expect(m.probAbandon).toBeCloseTo(excess / 10, 12);
    expect(m.meanQueueLength).toBeCloseTo(excess, 12);
    // A=1, c=1: P(wait) = 1 - e^-1, Lq = A - 1 + e^-A = e^-1, P(abandon) = e^-1.
    const one = erlangA(1, 1, 1, 1, 0);
    expect(one.probWait).toBeCloseTo(1 - Math.exp(-1), 14);
    expect(one.probAbandon).toBeCloseTo(Math.exp(-1), 14);
    expect(one.serviceLevel).toBeCloseTo(Math.exp(-1), 14); // answered at once = P(system empty)
    for (const [a, c] of [
      [48, 55],
      [300, 290],
      [3.3, 1],
    ] as const) {
      const r = poissonTail(a, c);
      expect(erlangAProbWait(a, c, 240, 240)).toBeCloseTo(r.tail, 11);
      expect(erlangAProbAbandon(a, c, 240, 240)).toBeCloseTo(r.excess / a, 11);
    }
  });

  it('no agents: everyone abandons after waiting their patience; no load: nothing happens', () => {
    const m = erlangA(5, 0, 180, 300, 20);
    expect(m.probWait).toBe(1);
    expect(m.probAbandon).toBe(1);
    expect(m.serviceLevel).toBe(0);
    expect(m.asa).toBeCloseTo(300, 9);
    expect(m.meanQueueLength).toBeCloseTo(5 * (300 / 180), 9);
    expect(Number.isNaN(m.meanWaitAnswered)).toBe(true);
    const idle = erlangA(0, 3, 180, 300, 20);
    expect(idle).toMatchObject({ probWait: 0, probAbandon: 0, asa: 0, serviceLevel: 1, occupancy: 0 });
    expect(agentsForErlangA(0, 180, 300, 20, 0.9)).toBe(0);
  });

  it('threshold 0: SL = P(no wait); huge threshold: SL = P(answered)', () => {
    const m = erlangA(10, 12, 180, 300, 0);
    expect(m.serviceLevel).toBeCloseTo(1 - m.probWait, 12);
    expect(erlangAServiceLevel(10, 12, 180, 300, 1e6)).toBeCloseTo(m.probAnswered, 12);
  });
});

/*
 * Published Erlang A tables (Garnett, Mandelbaum & Reiman 2002 give figures, not tables; online
 * calculators differ in their service-level definition) could not be checked offline, so none is
 * asserted here. The model is pinned instead by exact closed forms (Erlang C limit, patience = AHT
 * giving a Poisson population, no agents) and by the independent birth-death computation below.
 */
describe('Erlang A against an independent birth-death computation', () => {
  it('hand-picked cases, AHT 180 s', () => {
    for (const [a, c, patience, t] of [
      [10, 14, 300, 20],
      [10, 14, 60, 20],
      [10, 10, 300, 20],
      [10, 8, 120, 30],
      [2.5, 3, 900, 60],
      [0.3, 1, 40, 10],
      [20, 25, 1000, 15],
      [48, 55, 600, 20],
      [7, 0, 200, 20],
    ] as const) {
      expectMatchesRef(a, c, 180, patience, t);
    }
  });

  it('hundreds of agents, under- and overloaded', () => {
    expectMatchesRef(480, 500, 180, 300, 20, 8);
    expectMatchesRef(500, 470, 180, 180, 20, 8);
    const big = erlangA(900, 950, 180, 300, 20);
    for (const v of Object.values(big)) expect(Number.isFinite(v)).toBe(true);
    expect(big.probWait).toBeGreaterThan(0);
    expect(big.probWait).toBeLessThan(1);
    // Heavily overloaded: almost every agent busy, the excess load abandons.
    const over = erlangA(1000, 900, 180, 3600, 20);
    expect(over.probAbandon).toBeCloseTo(0.1, 6);
    expect(over.occupancy).toBeCloseTo(1, 6);
    expect(over.probWait).toBeCloseTo(1, 9);
    expect(erlangA(5000, 5200, 180, 300, 20).probWait).toBeGreaterThan(0);
  });

  it('property: random small desks agree with the reference', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.integer({ min: 0, max: 25 }),
        fc.double({ min: 0.2, max: 20, noNaN: true }), // patience / AHT
        fc.double({ min: 0, max: 1.5, noNaN: true }), // threshold / AHT
        (a, c, patienceRatio, thresholdRatio) => {
          expectMatchesRef(a, c, 180, 180 * patienceRatio, 180 * thresholdRatio, 8);
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
  });
});

describe('Erlang A monotonicity and staffing', () => {
  it('more agents: less waiting and abandonment, higher service level, lower occupancy', () => {
    for (const a of [0.7, 3, 10, 48, 250]) {
      for (const patience of [60, 180, 600]) {
        let prev = erlangA(a, 0, 180, patience, 20);
        for (let c = 1; c <= Math.floor(a) + 30; c++) {
          const m = erlangA(a, c, 180, patience, 20);
          expect(m.probAbandon).toBeLessThan(prev.probAbandon);
          // P(wait) rounds to ~1 on badly overloaded desks; strictly falling once clear of 1.
          if (prev.probWait < 1 - 1e-12) expect(m.probWait).toBeLessThan(prev.probWait);
          else expect(m.probWait).toBeLessThanOrEqual(prev.probWait + 1e-14);
          expect(m.asa).toBeLessThan(prev.asa);
          // SL is exact to ~1e-15 absolute, which is all an overloaded desk's SL of ~1e-15 has.
          expect(m.serviceLevel).toBeGreaterThanOrEqual(prev.serviceLevel - 1e-13);
          if (c > 1) expect(m.occupancy).toBeLessThanOrEqual(prev.occupancy + 1e-12);
          prev = m;
        }
      }
    }
  });

  it('more patience: more waiting, less abandonment', () => {
    let prev = erlangA(10, 12, 180, 30, 20);
    for (const patience of [60, 120, 300, 900, 3600]) {
      const m = erlangA(10, 12, 180, patience, 20);
      expect(m.probWait).toBeGreaterThan(prev.probWait);
      expect(m.probAbandon).toBeLessThan(prev.probAbandon);
      prev = m;
    }
  });

  it('agentsForErlangA is the fewest meeting the target(s)', () => {
    // Erlang C limit: the published 14 agents.
    expect(agentsForErlangA(10, 180, Infinity, 20, 0.8)).toBe(14);
    expect(agentsForErlangA(10, 180, 180e9, 20, 0.8)).toBe(14);
    for (const [a, patience, target, maxAbandon] of [
      [10, 300, 0.8, undefined],
      [10, 60, 0.8, undefined],
      [10, 60, 0.8, 0.01],
      [48, 600, 0.9, 0.02],
      [250, 120, 0.8, undefined],
      [500, 300, 0.95, 0.005],
      [3, 180, 0, undefined],
    ] as const) {
      const n = agentsForErlangA(a, 180, patience, 20, target, maxAbandon);
      const ok = (c: number) =>
        erlangAServiceLevel(a, c, 180, patience, 20) >= target &&
        (maxAbandon === undefined || erlangAProbAbandon(a, c, 180, patience) <= maxAbandon);
      expect(ok(n)).toBe(true);
      if (n > 0) expect(ok(n - 1)).toBe(false);
    }
    // Impatient callers relieve the queue: fewer agents than Erlang C for the same SL target.
    expect(agentsForErlangA(10, 180, 300, 20, 0.8)).toBe(13);
    expect(erlangAServiceLevel(10, 13, 180, 300, 20)).toBeGreaterThanOrEqual(0.8);
    expect(erlangAServiceLevel(10, 12, 180, 300, 20)).toBeLessThan(0.8);
  });

  it('raising a target never lowers the headcount', () => {
    for (const a of [2, 10, 48]) {
      let prev = 0;
      for (const target of [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
        const n = agentsForErlangA(a, 180, 240, 20, target);
        expect(n).toBeGreaterThanOrEqual(prev);
        prev = n;
      }
      let prevAb = 0;
      for (const maxAbandon of [0.5, 0.2, 0.1, 0.05, 0.01, 0.001]) {
        const n = agentsForAbandonment(a, 180, 240, maxAbandon);
        expect(n).toBeGreaterThanOrEqual(prevAb);
        expect(erlangAProbAbandon(a, n, 180, 240)).toBeLessThanOrEqual(maxAbandon);
        if (n > 0) expect(erlangAProbAbandon(a, n - 1, 180, 240)).toBeGreaterThan(maxAbandon);
        prevAb = n;
      }
    }
  });

  it('occupancy-capped Erlang A staffing', () => {
    const n = agentsForOccupancyErlangA(10, 180, 300, 0.7);
    expect(erlangAOccupancy(10, n, 180, 300)).toBeLessThanOrEqual(0.7);
    expect(erlangAOccupancy(10, n - 1, 180, 300)).toBeGreaterThan(0.7);
    expect(n).toBeLessThanOrEqual(15);
    expect(agentsForOccupancyErlangA(10, 180, Infinity, 0.7)).toBe(15);
    expect(agentsForOccupancyErlangA(10, 180, 300, 1)).toBe(1);
    expect(erlangAMeanWait(10, 14, 180, 300)).toBeCloseTo(erlangA(10, 14, 180, 300, 0).asa, 12);
  });

  it('rejects bad arguments with RangeErrors', () => {
    expect(() => erlangA(-1, 3, 180, 300, 20)).toThrow(RangeError);
    expect(() => erlangA(5, 2.5, 180, 300, 20)).toThrow(/agents must be an integer >= 0/);
    expect(() => erlangA(5, 3, 0, 300, 20)).toThrow(/handleTime must be a finite number > 0/);
    expect(() => erlangA(5, 3, 180, 0, 20)).toThrow(/patience must be a number > 0/);
    expect(() => erlangA(5, 3, 180, Number.NaN, 20)).toThrow(RangeError);
    expect(() => erlangA(5, 3, 180, 300, -1)).toThrow(/threshold must be a finite number >= 0/);
    expect(() => agentsForErlangA(5, 180, 300, 20, 1)).toThrow(/target service level/);
    expect(() => agentsForErlangA(5, 180, 300, 20, 0.8, 0)).toThrow(/maxAbandon must be a number in \(0, 1\]/);
    expect(() => agentsForAbandonment(5, 180, 300, 1.5)).toThrow(RangeError);
    expect(() => agentsForOccupancyErlangA(5, 180, 300, 0)).toThrow(/occupancy cap/);
    // Near-infinite patience on an overloaded desk is refused rather than looping for minutes.
    expect(() => erlangA(100, 50, 180, 180e9, 20)).toThrow(/series too long/);
  });
});
