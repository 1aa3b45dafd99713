import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenarios/parse.js';
import { runExperiment } from '../sim/experiment.js';
import type { Scenario } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';
import { hourOfWeekTable, segmentAt } from '../sim/time/hourOfWeek.js';
import { parseLocalDateTime } from '../sim/time/zone.js';
import { expectLittlesLaw, value } from './support/kpis.js';
import { scenario } from './support/scenarios.js';

function bundled(name: string): Scenario {
  const result = parseScenarioText(readFileSync(`scenarios/${name}.json`, 'utf8'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

function arrivalInstants(s: Scenario, seed: number, replication = 0): number[] {
  const times: number[] = [];
  runReplication(s, seed, replication, { trace: (t, kind) => kind === 'arrival' && times.push(t) });
  return times;
}

describe('determinism', () => {
  const starter = bundled('starter-desk');

  it('the same scenario and seed give byte-identical results; another seed differs', () => {
    const a = JSON.stringify(runExperiment(starter, { seed: 7, replications: 3 }));
    const b = JSON.stringify(runExperiment(starter, { seed: 7, replications: 3 }));
    const c = JSON.stringify(runExperiment(starter, { seed: 8, replications: 3 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('a replication does not depend on the replications run before it', () => {
    const alone = runReplication(starter, 7, 2);
    const inSequence = runExperiment(starter, { seed: 7, replications: 3 });
    const again = runReplication(starter, 7, 2);
    expect(JSON.stringify(again)).toBe(JSON.stringify(alone));
    expect(inSequence.replications).toBe(3);
  });

  it('changing handle times or staffing leaves every arrival instant unchanged (common random numbers)', () => {
    const base = arrivalInstants(starter, 3);
    const slower: Scenario = {
      ...starter,
      demand: starter.demand.map((d) => ({ ...d, handleTime: { type: 'gamma', mean: 30, cv: 1.5 } })),
    };
    const moreStaff: Scenario = { ...starter, groups: starter.groups.map((g) => ({ ...g, headcount: g.headcount + 5 })) };
    expect(base.length).toBeGreaterThan(5000);
    expect(arrivalInstants(slower, 3)).toEqual(base);
    expect(arrivalInstants(moreStaff, 3)).toEqual(base);
    expect(arrivalInstants(starter, 4)).not.toEqual(base);
  });

  it('removing one stream leaves the other streams arrivals unchanged', () => {
    const s = scenario({
      version: 1,
      name: 'two-streams',
      horizonDays: 2,
      groups: [{ name: 'g', headcount: 3 }],
      demand: [
        { name: 'a', arrivals: { type: 'poisson', perHour: 5 }, handleTime: { type: 'fixed', value: 5 } },
        { name: 'b', arrivals: { type: 'poisson', perHour: 9 }, handleTime: { type: 'fixed', value: 5 } },
      ],
    });
    const streamA = (sc: Scenario) => {
      const times: number[] = [];
      runReplication(sc, 1, 0, { trace: (t, kind, payload) => kind === 'arrival' && payload === 0 && times.push(t) });
      return times;
    };
    expect(streamA({ ...s, demand: [s.demand[0]] })).toEqual(streamA(s));
  });
});

describe('warm-up and the measured horizon', () => {
  it('counts only tickets that arrive after the warm-up, and Little holds on the measured part', () => {
    const s = scenario({
      version: 1,
      name: 'warm-up',
      timeZone: 'UTC',
      horizonDays: 5,
      warmupDays: 2,
      groups: [{ name: 'g', headcount: 4 }],
      demand: [{ name: 'a', arrivals: { type: 'poisson', perHour: 30 }, handleTime: { type: 'exponential', mean: 6 } }],
    });
    const results = [0, 1, 2, 3, 4, 5].map((r) => runReplication(s, 11, r));
    for (const r of results) {
      const all = arrivalInstants(s, 11, r.replication);
      const measured = all.filter((t) => t >= 2 * 1440).length;
      expect(value(r, 'tickets')).toBe(measured);
      expect(measured).toBeLessThan(all.length);
    }
    expectLittlesLaw(results);
  });
});

describe('hour-of-week demand', () => {
  it('puts arrivals only in the local hours the profile allows, across a DST change', () => {
    const weights = new Array<number>(168).fill(0);
    weights[9] = 1; // Monday 09:00-10:00
    weights[24 * 6 + 2] = 1; // Sunday 02:00-03:00, which does not exist on the spring-forward day
    const s = scenario({
      version: 1,
      name: 'profile',
      start: '2026-03-02T00:00',
      timeZone: 'America/New_York',
      horizonDays: 14,
      groups: [{ name: 'g', headcount: 50 }],
      demand: [{ name: 'a', arrivals: { type: 'weekly', perWeek: 1000, hourOfWeek: weights }, handleTime: { type: 'fixed', value: 1 } }],
    });
    const start = parseLocalDateTime(s.start, s.timeZone);
    const table = hourOfWeekTable(start, s.timeZone, 14 * 1440);
    const times = arrivalInstants(s, 5);
    const hours = times.map((t) => table.hourOfWeek[segmentAt(table, t)]);
    expect(new Set(hours)).toEqual(new Set([9, 24 * 6 + 2]));
    // 2 weeks x 500 expected in Monday 09:00; Sunday 02:00 exists once in the two weeks (Mar 8 skips it).
    const monday = hours.filter((h) => h === 9).length;
    const sunday = hours.length - monday;
    expect(Math.abs(monday - 1000)).toBeLessThan(4 * Math.sqrt(1000));
    expect(Math.abs(sunday - 500)).toBeLessThan(4 * Math.sqrt(500));
  });

  it('a flat weekly profile gives the weekly volume', () => {
    const s = scenario({
      version: 1,
      name: 'flat',
      horizonDays: 28,
      groups: [{ name: 'g', headcount: 10 }],
      demand: [{ name: 'a', arrivals: { type: 'weekly', perWeek: 700 }, handleTime: { type: 'fixed', value: 1 } }],
    });
    const counts = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => arrivalInstants(s, 9, r).length);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    // 2,800 expected; the sd of a mean of 8 Poisson(2800) counts is about 19.
    expect(Math.abs(mean - 2800)).toBeLessThan(4 * Math.sqrt(2800 / 8));
  });
});
