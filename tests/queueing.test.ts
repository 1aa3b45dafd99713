import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenarios/parse.js';
import { summarize } from '../sim/experiment.js';
import type { Scenario } from '../sim/model/scenario.js';
import { erlangC, meanWait, serviceLevel } from '../sim/planner/erlang.js';
import { runReplication, type ReplicationResult } from '../sim/replication.js';
import { expectInside, expectLittlesLaw, kpi } from './support/kpis.js';
import { mmc, scenario } from './support/scenarios.js';

function runAll(s: Scenario, replications = s.replications, seed = s.seed) {
  const results: ReplicationResult[] = [];
  for (let r = 0; r < replications; r++) results.push(runReplication(s, seed, r));
  return { results, summary: summarize(s, seed, results) };
}

/**
 * The simulator against Erlang C: with one 24x7 group, Poisson arrivals and exponential
 * single-touch work, the desk is an M/M/c queue, so P(wait), the mean wait and the share
 * answered within the threshold must agree with theory inside the simulated 95% CIs.
 */
describe('M/M/c against Erlang C', () => {
  const bundled = parseScenarioText(readFileSync('scenarios/erlang-c-check.json', 'utf8'));
  if (!bundled.ok) throw new Error(bundled.errors.join('\n'));

  const cases: Array<{ label: string; s: Scenario; load: number; agents: number; aht: number; threshold: number; published?: { pWait: number; sl: number; asaSeconds?: number } }> = [
    {
      label: 'bundled erlang-c-check: A=10, N=14, AHT 180 s, 20 s',
      s: bundled.scenario,
      load: 10,
      agents: 14,
      aht: 3,
      threshold: 1 / 3,
      published: { pWait: 0.1741, sl: 0.8884, asaSeconds: 7.84 },
    },
    {
      label: 'A=48, N=55, AHT 240 s, 20 s',
      s: mmc({ agents: 55, perHour: 720, meanMinutes: 4, thresholdMinutes: 1 / 3, horizonDays: 2, replications: 20 }),
      load: 48,
      agents: 55,
      aht: 4,
      threshold: 1 / 3,
      published: { pWait: 0.2387, sl: 0.8668 },
    },
    {
      label: 'A=7.5, N=11, AHT 180 s, 20 s',
      s: mmc({ agents: 11, perHour: 150, meanMinutes: 3, thresholdMinutes: 1 / 3, horizonDays: 7, replications: 20 }),
      load: 7.5,
      agents: 11,
      aht: 3,
      threshold: 1 / 3,
    },
    {
      label: 'A=3, N=6, AHT 180 s, 20 s',
      s: mmc({ agents: 6, perHour: 60, meanMinutes: 3, thresholdMinutes: 1 / 3, horizonDays: 14, replications: 20 }),
      load: 3,
      agents: 6,
      aht: 3,
      threshold: 1 / 3,
    },
  ];

  for (const c of cases) {
    it(c.label, () => {
      const pWait = erlangC(c.load, c.agents);
      const wait = meanWait(c.load, c.agents, c.aht);
      const sl = serviceLevel(c.load, c.agents, c.aht, c.threshold);
      if (c.published) {
        // The analytic side reproduces the published figures, so the comparison below is with them.
        expect(pWait).toBeCloseTo(c.published.pWait, 4);
        expect(sl).toBeCloseTo(c.published.sl, 4);
        if (c.published.asaSeconds) expect(wait * 60).toBeCloseTo(c.published.asaSeconds, 2);
      }
      const { results, summary } = runAll(c.s);
      expectInside(kpi(summary.kpis, 'probWait'), pWait, 'P(wait)');
      expectInside(kpi(summary.kpis, 'waitMinutes.mean'), wait, 'mean wait');
      expectInside(kpi(summary.kpis, 'sla.acknowledge.P2'), sl, 'share answered within the threshold');
      expectInside(kpi(summary.kpis, 'occupancy.agents'), c.load / c.agents, 'occupancy');
      // Resolution = wait + exponential work: its mean is known too.
      expectInside(kpi(summary.kpis, 'resolutionMinutes.mean'), wait + c.aht, 'mean time in system');
      expectLittlesLaw(results);
    });
  }
});

describe('priority queues against theory', () => {
  // Non-preemptive priority M/M/c with one service rate (Cobham): class k waits
  // W_k = C(N, A) / (N mu) / ((1 - s_{k-1})(1 - s_k)), s_k the load share of classes 1..k.
  const agents = 5;
  const mean = 10; // minutes
  const perHour = { P1: 3, P2: 6, P3: 12, P4: 3 } as const; // 24 an hour x 10 min = 4 erlangs
  const s = scenario({
    version: 1,
    name: 'priority-mmc',
    timeZone: 'UTC',
    horizonDays: 20,
    warmupDays: 1,
    replications: 12,
    groups: [{ name: 'desk', headcount: agents }],
    demand: (['P1', 'P2', 'P3', 'P4'] as const).map((p) => ({
      name: `stream-${p}`,
      priority: p,
      arrivals: { type: 'poisson' as const, perHour: perHour[p] },
      handleTime: { type: 'exponential' as const, mean },
    })),
    routing: { policy: 'priority' },
  });

  it('each priority waits as the Cobham formula says, and the overall mean wait is conserved', () => {
    const { results, summary } = runAll(s);
    const load = (24 * mean) / 60;
    const c = erlangC(load, agents);
    let sigma = 0;
    let overall = 0;
    for (const p of ['P1', 'P2', 'P3', 'P4'] as const) {
      const rho = (perHour[p] * mean) / 60 / agents;
      const before = sigma;
      sigma += rho;
      const w = (c * mean) / agents / ((1 - before) * (1 - sigma));
      overall += (w * perHour[p]) / 24;
      expectInside(kpi(summary.kpis, `byPriority.${p}.waitMinutes.mean`), w, `${p} mean wait`);
    }
    // Work conservation: the order of service does not change the mean wait over all tickets.
    expect(overall).toBeCloseTo(meanWait(load, agents, mean), 10);
    expectInside(kpi(summary.kpis, 'waitMinutes.mean'), overall, 'overall mean wait');
    expectLittlesLaw(results);
  });

  it('FIFO gives every priority the same wait (within CI overlap)', () => {
    const fifo = { ...s, routing: { policy: 'fifo' as const, preemptByP1: false } };
    const { summary } = runAll(fifo, 8);
    const p1 = kpi(summary.kpis, 'byPriority.P1.waitMinutes.mean');
    const p4 = kpi(summary.kpis, 'byPriority.P4.waitMinutes.mean');
    expect(p1.lo).toBeLessThan(p4.hi);
    expect(p4.lo).toBeLessThan(p1.hi);
  });
});
