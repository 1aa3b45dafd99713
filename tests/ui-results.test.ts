/**
 * The web app's plain-TypeScript parts in Node: the KPI rows and their good direction, the
 * verdict colouring rule, the CSV export, the raw-scenario paths that tie an error to its field,
 * the routes, the rostered-people grid, the total backlog series, and the app's copies of the
 * model's vocabulary.
 */
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_GRID as MODEL_GRID } from '../sim/model/observations.js';
import { CLOCKS as MODEL_CLOCKS, PRIORITIES as MODEL_PRIORITIES, ROUTING_POLICIES as MODEL_POLICIES } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';
import { assemble, type CompareJob, type CompareOutput } from '../workers/experiments.js';
import { checkRequest, uniqueLabels } from '../ui/comparison.js';
import { getAt, isWithin, pathText, setAt, splitError } from '../ui/rawPath.js';
import { flattenKpis, kpiRows, resultsCsv, verdict } from '../ui/results.js';
import { compareHash, editHash, parseRoute } from '../ui/router.js';
import { TOTAL_BACKLOG, withTotalBacklog } from '../ui/totals.js';
import { rosteredByHour, zoneShiftMinutes } from '../ui/views/weekGrids.js';
import { CLOCKS, DISTRIBUTION_GRID, PRIORITIES, ROUTING_POLICIES } from '../ui/vocabulary.js';
import { mmc } from './support/scenarios.js';

describe('the app vocabulary', () => {
  it('matches the model', () => {
    expect([...CLOCKS]).toEqual([...MODEL_CLOCKS]);
    expect([...PRIORITIES]).toEqual([...MODEL_PRIORITIES]);
    expect([...ROUTING_POLICIES].sort()).toEqual([...MODEL_POLICIES].sort());
    expect(DISTRIBUTION_GRID).toEqual(MODEL_GRID);
  });
});

describe('verdict: coloured only when the paired CI excludes zero', () => {
  it('judges by direction', () => {
    expect(verdict({ mean: 0.1, lo: -0.01, hi: 0.2 }, 'higher')).toBeNull();
    expect(verdict({ mean: 0.1, lo: 0.01, hi: 0.2 }, 'higher')).toBe('better');
    expect(verdict({ mean: 0.1, lo: 0.01, hi: 0.2 }, 'lower')).toBe('worse');
    expect(verdict({ mean: -3, lo: -4, hi: -2 }, 'lower')).toBe('better');
    expect(verdict({ mean: -3, lo: -4, hi: -2 }, null)).toBe('changed');
    expect(verdict({ mean: 0, lo: 0, hi: 0 }, 'lower')).toBeNull();
  });
});

describe('a comparison as rows and as CSV', () => {
  const a = mmc({ name: 'nine', agents: 9, perHour: 50, meanMinutes: 9, thresholdMinutes: 1, horizonDays: 1, replications: 3 });
  const b = { ...mmc({ name: 'ten', agents: 10, perHour: 50, meanMinutes: 9, thresholdMinutes: 1, horizonDays: 1, replications: 3 }) };
  const job: CompareJob = { kind: 'compare', seed: 1, replications: 3, scenarios: [a, b] };
  const results = job.scenarios.flatMap((s) => [0, 1, 2].map((r) => withTotalBacklog(runReplication(s, 1, r))));
  const output = assemble(job, results) as CompareOutput;

  it('has a total backlog series, the sum of the backlog by priority', () => {
    const one = withTotalBacklog(runReplication(a, 1, 0));
    const byPriority = one.series.filter(([n]) => n.startsWith('backlogByPriority.')).map(([, v]) => v);
    const total = one.series.find(([n]) => n === TOTAL_BACKLOG)![1];
    expect(total.length).toBe(byPriority[0].length);
    total.forEach((v, i) => expect(v).toBeCloseTo(byPriority.reduce((s, p) => s + p[i], 0), 9));
    expect((output.results[0].series[TOTAL_BACKLOG] as { mean: number[] }).mean.length).toBe(total.length);
  });

  it('lists the KPIs both report, with SLA rows per clock and priority, and an occupancy row per group', () => {
    const rows = kpiRows(output);
    const paths = rows.map((r) => r.path);
    expect(paths).toContain('sla.acknowledge.P2');
    expect(paths).toContain('occupancy.agents');
    expect(paths).not.toContain('ackDuty.ackTasks');
    expect(rows.find((r) => r.path === 'waitMinutes.mean')!.better).toBe('lower');
    expect(rows.find((r) => r.path === 'sla.acknowledge.P2')!.better).toBe('higher');
    // One more agent: a shorter wait, clearly (the CI excludes zero) and better.
    const wait = rows.find((r) => r.path === 'waitMinutes.mean')!;
    const d = flattenKpis(output.deltas.ten.kpis).find(([p]) => p === 'waitMinutes.mean')![1];
    expect(verdict(d, wait.better)).toBe('better');
  });

  it('writes every KPI of every scenario to CSV, with the change vs the baseline', () => {
    const lines = resultsCsv(output).trim().split('\n');
    expect(lines[0]).toBe('kpi,scenario,is_baseline,mean,ci_lo,ci_hi,change_vs_baseline,change_ci_lo,change_ci_hi,replications,seed');
    const leaves = flattenKpis(output.results[0].kpis).length + flattenKpis(output.results[1].kpis).length;
    expect(lines.length).toBe(1 + leaves);
    const base = lines.find((l) => l.startsWith('probWait,nine,'))!.split(',');
    const other = lines.find((l) => l.startsWith('probWait,ten,'))!.split(',');
    expect(base[2]).toBe('yes');
    expect(base[6]).toBe('');
    expect(other[2]).toBe('no');
    expect(Number(other[6])).toBeLessThan(0);
  });
});

describe('raw scenario paths', () => {
  it('name paths as the schema errors do, and read and write them', () => {
    expect(pathText(['groups', 0, 'shifts', 1, 'headcount'])).toBe('groups[0].shifts[1].headcount');
    const raw: Record<string, unknown> = { groups: [{ name: 'a' }] };
    setAt(raw, ['ackDuty', 'enabled'], true);
    setAt(raw, ['groups', 0, 'shifts', 0, 'headcount'], 3);
    expect(raw).toEqual({ groups: [{ name: 'a', shifts: [{ headcount: 3 }] }], ackDuty: { enabled: true } });
    expect(getAt(raw, ['groups', 0, 'shifts', 0, 'headcount'])).toBe(3);
    setAt(raw, ['ackDuty', 'enabled'], undefined);
    expect(raw.ackDuty).toEqual({});
    setAt(raw, ['missing', 'deep'], undefined);
    expect('missing' in raw).toBe(false);
  });

  it('split an error into its path and message, and tell what lies under a path', () => {
    expect(splitError('groups[0].headcount: expected a number >= 1, got 0')).toEqual({ path: 'groups[0].headcount', message: 'expected a number >= 1, got 0' });
    expect(isWithin('groups[0].shifts[1]', 'groups[0]')).toBe(true);
    expect(isWithin('groups[10]', 'groups[1')).toBe(false);
    expect(isWithin('groupsX', 'groups')).toBe(false);
  });
});

describe('routes', () => {
  it('parses every view and builds their links', () => {
    expect(parseRoute('')).toEqual({ view: 'compare', params: new URLSearchParams() });
    expect(parseRoute('#/scenarios')).toEqual({ view: 'scenarios' });
    expect(parseRoute(editHash('user:3'))).toEqual({ view: 'edit', id: 'user:3' });
    expect(parseRoute('#/share/abc?x')).toEqual({ view: 'share', hash: '#/share/abc?x' });
    expect(parseRoute('#/nope').view).toBe('not-found');
    const route = parseRoute(compareHash(['bundled:a', 'user:2'], 'user:2', 5));
    expect(route.view).toBe('compare');
    if (route.view === 'compare') {
      expect(route.params.get('scenarios')).toBe('bundled:a,user:2');
      expect(route.params.get('baseline')).toBe('user:2');
      expect(route.params.get('replications')).toBe('5');
    }
  });
});

describe('comparison requests', () => {
  it('checks the number of scenarios and replications, and labels repeated names apart', () => {
    const entry = (id: string) => ({ id, label: id, raw: {} });
    expect(() => checkRequest({ entries: [entry('a')], replications: 10, seed: 1 })).toThrow(/between 2 and 4/);
    expect(() => checkRequest({ entries: [entry('a'), entry('b')], replications: 1, seed: 1 })).toThrow(/at least 2/);
    expect(() => checkRequest({ entries: [entry('a'), entry('b')], replications: 10, seed: 1 })).not.toThrow();
    expect(uniqueLabels(['x', 'y', 'x'])).toEqual(['x', 'y', 'x #2']);
  });
});

describe('people rostered by hour of the week', () => {
  it('counts shifts by the share of each hour they cover, past midnight too', () => {
    const hours = rosteredByHour({
      shifts: [
        { days: ['Mon'], from: '08:30', to: '10:00', headcount: 4 },
        { days: ['Sun'], from: '22:00', to: '02:00', headcount: 1 },
      ],
    });
    expect(hours[8]).toBe(2);
    expect(hours[9]).toBe(4);
    expect(hours[10]).toBe(0);
    expect(hours[6 * 24 + 22]).toBe(1);
    expect(hours[0]).toBe(1);
    expect(hours[1]).toBe(1);
    expect(hours[2]).toBe(0);
    expect(rosteredByHour({ headcount: 3 }).every((v) => v === 3)).toBe(true);
    expect(rosteredByHour({ shifts: [{ days: ['Mon'], from: 'bad', to: '10:00', headcount: 4 }] }).every((v) => v === 0)).toBe(true);
  });

  it('moves shifts to the scenario time zone (DST as on the start date)', () => {
    expect(zoneShiftMinutes('Asia/Singapore', 'America/New_York', '2026-01-05T00:00')).toBe(-780);
    expect(zoneShiftMinutes('Asia/Singapore', 'America/New_York', '2026-07-06T00:00')).toBe(-720);
    expect(zoneShiftMinutes('Europe/London', 'Europe/London', '2026-01-05T00:00')).toBe(0);
    expect(zoneShiftMinutes('Not/AZone', 'UTC', '2026-01-05T00:00')).toBe(0);
    // Singapore Mon 07:00-09:00 is New York Sun 18:00-20:00 in January.
    const hours = rosteredByHour({ shifts: [{ days: ['Mon'], from: '07:00', to: '09:00', headcount: 2 }] }, -780);
    expect(hours[6 * 24 + 18]).toBe(2);
    expect(hours[6 * 24 + 19]).toBe(2);
    expect(hours[7]).toBe(0);
  });
});
