import { describe, expect, it } from 'vitest';
import {
  agentsForServiceLevel,
  erlangB,
  erlangC,
  linesForBlocking,
  meanQueueLength,
  meanWait,
  occupancy,
  serviceLevel,
} from '../sim/planner/erlang.js';

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
