import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsForServiceLevel,
  erlangB,
  erlangC,
  linesForBlocking,
  meanWait,
  serviceLevel,
} from '../sim/planner/erlang.js';
import { agentsForErlangA, erlangA } from '../sim/planner/erlangA.js';
import {
  intervalRequirements,
  scheduledAgents,
  staffingForLoad,
  type StaffingPolicy,
} from '../sim/planner/requirements.js';

const base: StaffingPolicy = { handleTime: 180, threshold: 20, serviceLevel: 0.8 };

describe('published values (issue 6), to the stated digits', () => {
  it('A=10, AHT 180 s, 80% in 20 s -> 14 agents, P(wait) 0.1741, SL 0.8884, ASA 7.84 s', () => {
    const r = staffingForLoad(10, base);
    expect(r.model).toBe('erlangC');
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(14);
    expect(r.binding).toBe('serviceLevel');
    expect(r.probWait).toBeCloseTo(0.1741, 4);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.asa).toBeCloseTo(7.84, 2);
    expect(r.occupancy).toBeCloseTo(10 / 14, 12);
    expect(r.probAbandon).toBe(0);
    expect(agentsForServiceLevel(10, 180, 20, 0.8)).toBe(14);
  });

  it('with 30% shrinkage -> 20 scheduled', () => {
    const r = staffingForLoad(10, { ...base, shrinkage: 0.3 });
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(20);
    expect(scheduledAgents(14, 0.3)).toBe(20);
  });

  it('occupancy cap 0.70 -> 15 agents, bound by occupancy', () => {
    const r = staffingForLoad(10, { ...base, occupancyCap: 0.7 });
    expect(r.agents).toBe(15);
    expect(r.binding).toBe('occupancy');
    expect(r.bindingAll).toEqual(['occupancy']);
    expect(r.minimums).toEqual({ serviceLevel: 14, abandonment: 0, occupancy: 15 });
    expect(r.occupancy).toBeCloseTo(10 / 15, 12);
    expect(r.occupancy).toBeLessThanOrEqual(0.7);
    // Both together: 15 on the phones, 15 / 0.7 = 21.43 -> 22 scheduled.
    expect(staffingForLoad(10, { ...base, occupancyCap: 0.7, shrinkage: 0.3 }).scheduled).toBe(22);
  });

  it('A=48, N=55 (AHT 240 s) -> P(wait) 0.2387, SL(20 s) 0.8668', () => {
    expect(erlangC(48, 55)).toBeCloseTo(0.2387, 4);
    expect(serviceLevel(48, 55, 240, 20)).toBeCloseTo(0.8668, 4);
    // ... and 55 is exactly what an 86% target needs (54 agents fall short).
    const r = staffingForLoad(48, { handleTime: 240, threshold: 20, serviceLevel: 0.86 });
    expect(r.agents).toBe(55);
    expect(r.probWait).toBeCloseTo(0.2387, 4);
    expect(r.serviceLevel).toBeCloseTo(0.8668, 4);
  });

  it('Erlang B A=10 at 2% -> 17 lines', () => {
    expect(linesForBlocking(10, 0.02)).toBe(17);
    expect(erlangB(10, 17)).toBeLessThanOrEqual(0.02);
    expect(erlangB(10, 16)).toBeGreaterThan(0.02);
  });
});

describe('interval requirements', () => {
  it('hour-of-week arrivals: loads, zero demand and caching', () => {
    // 200 contacts in an hour at 180 s = 10 erlangs.
    const week = Array.from({ length: 168 }, (_, h) => (h % 24 < 8 ? 0 : h % 24 < 18 ? 200 : 40));
    const reqs = intervalRequirements(week, { ...base, shrinkage: 0.3 });
    expect(reqs).toHaveLength(168);
    const night = reqs[0];
    expect(night).toMatchObject({ interval: 0, arrivals: 0, load: 0, agents: 0, scheduled: 0, binding: 'none' });
    expect(night.bindingAll).toEqual([]);
    const day = reqs[9];
    expect(day).toMatchObject({ interval: 9, arrivals: 200, load: 10, agents: 14, scheduled: 20, handleTime: 180 });
    const evening = reqs[20];
    expect(evening.load).toBeCloseTo(2, 12);
    expect(evening.agents).toBe(agentsForServiceLevel(2, 180, 20, 0.8));
    expect(reqs[24 + 9]).toEqual({ ...day, interval: 33 });
  });

  it('per-interval AHT and a custom interval length', () => {
    const reqs = intervalRequirements([100, 100, 0], {
      ...base,
      handleTime: [180, 360, 180],
      intervalLength: 1800,
    });
    expect(reqs.map((r) => r.load)).toEqual([10, 20, 0]);
    expect(reqs.map((r) => r.agents)).toEqual([14, agentsForServiceLevel(20, 360, 20, 0.8), 0]);
    expect(intervalRequirements([], base)).toEqual([]);
  });

  it('Erlang A with patience, abandonment limit and binding reasons', () => {
    const withPatience = staffingForLoad(10, { ...base, patience: 300 });
    expect(withPatience.model).toBe('erlangA');
    expect(withPatience.agents).toBe(agentsForErlangA(10, 180, 300, 20, 0.8));
    expect(withPatience.agents).toBe(13);
    expect(withPatience.binding).toBe('serviceLevel');
    const m = erlangA(10, 13, 180, 300, 20);
    expect(withPatience.serviceLevel).toBe(m.serviceLevel);
    expect(withPatience.probAbandon).toBe(m.probAbandon);
    expect(withPatience.serviceLevel).toBeGreaterThanOrEqual(0.8);

    // A low SL target is met with few agents, but a 1% abandonment ceiling needs more.
    const ab = staffingForLoad(10, { ...base, serviceLevel: 0.5, patience: 120, maxAbandon: 0.01 });
    expect(ab.binding).toBe('abandonment');
    expect(ab.minimums.abandonment).toBe(ab.agents);
    expect(ab.minimums.serviceLevel).toBeLessThan(ab.agents);
    expect(ab.probAbandon).toBeLessThanOrEqual(0.01);
    expect(erlangA(10, ab.agents - 1, 180, 120, 20).probAbandon).toBeGreaterThan(0.01);

    const occ = staffingForLoad(10, { ...base, serviceLevel: 0.5, patience: 300, occupancyCap: 0.6 });
    expect(occ.binding).toBe('occupancy');
    expect(occ.occupancy).toBeLessThanOrEqual(0.6);
    expect(erlangA(10, occ.agents - 1, 180, 300, 20).occupancy).toBeGreaterThan(0.6);

    // patience = Infinity is Erlang C.
    expect(staffingForLoad(10, { ...base, patience: Infinity })).toEqual(staffingForLoad(10, base));
  });

  it('ties list every binding constraint', () => {
    // A = 10, cap 10/14: the SL minimum (14) and the occupancy minimum (14) coincide.
    const r = staffingForLoad(10, { ...base, occupancyCap: 10 / 14 });
    expect(r.agents).toBe(14);
    expect(r.bindingAll).toEqual(['serviceLevel', 'occupancy']);
    expect(r.binding).toBe('serviceLevel');
  });

  it('hundreds of agents', () => {
    const r = staffingForLoad(500, { ...base, patience: 300, maxAbandon: 0.02, occupancyCap: 0.9, shrinkage: 0.35 });
    expect(r.agents).toBeGreaterThan(450);
    expect(r.scheduled).toBe(Math.ceil(r.agents / 0.65 - 1e-9));
    const c = staffingForLoad(500, base);
    expect(c.agents).toBeGreaterThan(500);
    expect(c.asa).toBeCloseTo(meanWait(500, c.agents, 180), 12);
  });

  it('property: requirements are feasible, minimal and monotone in the targets', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 0.97, noNaN: true }),
        fc.option(fc.double({ min: 30, max: 1800, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (load, target, patience, cap, shrinkage) => {
          const policy: StaffingPolicy = { ...base, serviceLevel: target, patience, occupancyCap: cap, shrinkage };
          const r = staffingForLoad(load, policy);
          const sl = (n: number) =>
            patience === undefined ? serviceLevel(load, n, 180, 20) : erlangA(load, n, 180, patience, 20).serviceLevel;
          const occ = (n: number) =>
            patience === undefined ? Math.min(1, load / n) : erlangA(load, n, 180, patience, 20).occupancy;
          expect(r.scheduled).toBeGreaterThanOrEqual(r.agents);
          expect(r.scheduled * (1 - shrinkage)).toBeGreaterThanOrEqual(r.agents - 1e-9);
          if (load === 0) {
            expect(r.agents).toBe(0);
            return;
          }
          expect(sl(r.agents)).toBeGreaterThanOrEqual(target);
          if (r.agents > 0) expect(occ(r.agents)).toBeLessThanOrEqual(cap);
          // One agent fewer breaks the binding constraint.
          const fewer = r.agents - 1;
          const broken =
            fewer < 1 ||
            (patience === undefined && fewer <= load) ||
            sl(fewer) < target ||
            occ(fewer) > cap;
          expect(broken).toBe(true);
          // Raising the service-level target never lowers the headcount.
          const harder = staffingForLoad(load, { ...policy, serviceLevel: Math.min(0.99, target + 0.02) });
          expect(harder.agents).toBeGreaterThanOrEqual(r.agents);
        },
      ),
      { numRuns: 120, seed: 6 },
    );
  });
});

describe('bad input throws RangeError', () => {
  it('policy fields', () => {
    expect(() => staffingForLoad(-1, base)).toThrow(RangeError);
    expect(() => staffingForLoad(Number.NaN, base)).toThrow(/load must be a finite number/);
    expect(() => staffingForLoad(10, { ...base, handleTime: 0 })).toThrow(/policy.handleTime must be a finite number > 0/);
    expect(() => staffingForLoad(10, { ...base, threshold: -5 })).toThrow(/policy.threshold/);
    expect(() => staffingForLoad(10, { ...base, serviceLevel: 1 })).toThrow(/policy.serviceLevel must be a target share in \[0, 1\)/);
    expect(() => staffingForLoad(10, { ...base, serviceLevel: 80 })).toThrow(RangeError);
    expect(() => staffingForLoad(10, { ...base, patience: 0 })).toThrow(/policy.patience must be a number > 0/);
    expect(() => staffingForLoad(10, { ...base, maxAbandon: 0.05 })).toThrow(/maxAbandon needs a finite patience/);
    expect(() => staffingForLoad(10, { ...base, patience: 300, maxAbandon: 0 })).toThrow(/maxAbandon must be a share in \(0, 1\]/);
    expect(() => staffingForLoad(10, { ...base, shrinkage: 1 })).toThrow(/policy.shrinkage must be a share in \[0, 1\)/);
    expect(() => staffingForLoad(10, { ...base, shrinkage: -0.1 })).toThrow(RangeError);
    expect(() => staffingForLoad(10, { ...base, occupancyCap: 0 })).toThrow(/policy.occupancyCap must be a share in \(0, 1\]/);
    expect(() => staffingForLoad(10, { ...base, occupancyCap: 1.1 })).toThrow(RangeError);
    expect(() => scheduledAgents(2.5, 0.3)).toThrow(/agents must be an integer >= 0/);
    expect(() => scheduledAgents(3, 1)).toThrow(/shrinkage/);
  });

  it('interval inputs', () => {
    expect(() => intervalRequirements([10, -1], base)).toThrow(/arrivals\[1\] must be a finite number >= 0/);
    expect(() => intervalRequirements([10, Number.NaN], base)).toThrow(RangeError);
    expect(() => intervalRequirements([10, 20], { ...base, handleTime: [180] })).toThrow(
      /handleTime has 1 entries but there are 2 intervals/,
    );
    expect(() => intervalRequirements([10, 20], { ...base, handleTime: [180, 0] })).toThrow(/handleTime\[1\]/);
    expect(() => intervalRequirements([10], { ...base, intervalLength: 0 })).toThrow(/intervalLength/);
    expect(() => intervalRequirements([10], { ...base, serviceLevel: 2 })).toThrow(/options.serviceLevel/);
    expect(() => intervalRequirements('10' as unknown as number[], base)).toThrow(/arrivals must be an array/);
  });
});
