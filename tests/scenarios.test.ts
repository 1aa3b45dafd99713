import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE } from '../scenarios/jsonSchema.js';
import { parseScenarioText } from '../scenarios/parse.js';
import { runExperiment, type KpiTree, type RunSummary } from '../sim/experiment.js';
import type { Interval } from '../sim/metrics/confidence.js';
import type { Scenario } from '../sim/model/scenario.js';
import { kpi } from './support/kpis.js';

/**
 * The bundled scenarios: each one validates, says what it is for, and runs to a desk whose
 * numbers add up. Then the two comparisons the ACK-duty scenarios exist for, on common random
 * numbers (same seed, same arrival streams).
 */

const SCENARIOS = 'scenarios';
const FILES = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && f !== JSON_SCHEMA_FILE)
  .sort();

function load(file: string): Scenario {
  const result = parseScenarioText(readFileSync(`${SCENARIOS}/${file}`, 'utf8'));
  if (!result.ok) throw new Error(`${file} is invalid:\n${result.errors.join('\n')}`);
  return result.scenario;
}

function isInterval(node: KpiTree | Interval): node is Interval {
  return typeof (node as Interval).mean === 'number';
}

/** Every leaf of a KPI tree with its dotted path. */
function leaves(tree: KpiTree, prefix = ''): Array<[string, Interval]> {
  return Object.entries(tree).flatMap(([key, node]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isInterval(node) ? [[path, node] as [string, Interval]] : leaves(node, path);
  });
}

const halfWidth = (i: Interval): number => (i.hi - i.lo) / 2;

describe('bundled scenarios', () => {
  it('are there, including the ACK-duty, follow-the-sun, release and small-team variants', () => {
    for (const name of ['seed-defaults', 'no-ack-duty', 'p1-paging', 'follow-the-sun', 'release-day-incident', 'small-team']) {
      expect(FILES).toContain(`${name}.json`);
    }
  });

  describe.each(FILES)('%s', (file) => {
    it('validates, is named after its file and has a description of at least 200 characters', () => {
      const s = load(file);
      expect(s.name).toBe(file.replace(/\.json$/, ''));
      expect(s.description.length).toBeGreaterThanOrEqual(200);
    });

    it('runs 2 replications to finite KPIs, conserved tickets and occupancies in [0, 1]', () => {
      const s = load(file);
      const summary = runExperiment(s, { replications: 2 });
      expect(summary.replications).toBe(2);
      const all = leaves(summary.kpis);
      expect(all.length).toBeGreaterThan(10);
      for (const [path, value] of all) expect(Number.isFinite(value.mean), `${path} = ${value.mean}`).toBe(true);

      // Every measured arrival is solved, abandoned or still open at the end.
      const arrivals = kpi(summary.kpis, 'flow.arrivals').mean;
      const accounted = kpi(summary.kpis, 'flow.solved').mean + kpi(summary.kpis, 'flow.abandoned').mean + kpi(summary.kpis, 'flow.openAtEnd').mean;
      expect(arrivals).toBeGreaterThan(0);
      expect(Math.abs(arrivals - accounted)).toBeLessThanOrEqual(1e-9 * arrivals);

      const occupancies = all.filter(([path]) => path.startsWith('occupancy.') || /^byGroup\.[^.]+\.occupancy$/.test(path));
      const staffed = s.groups.filter((g) => g.tier !== 'engineering');
      expect(occupancies.length).toBeGreaterThanOrEqual(staffed.length);
      for (const [path, value] of occupancies) {
        expect(value.mean, path).toBeGreaterThanOrEqual(0);
        expect(value.mean, path).toBeLessThanOrEqual(1);
      }
    });
  });
});

describe('after-hours duty, on common random numbers', () => {
  const replications = 4;
  const seedDefaults = load('seed-defaults.json');
  const seed = seedDefaults.seed;
  let base: RunSummary | undefined;
  const baseline = (): RunSummary => (base ??= runExperiment(seedDefaults, { seed, replications }));

  it('without ACK duty the same tickets get clearly fewer P3 acknowledgements within the hour', () => {
    const noAck = load('no-ack-duty.json');
    expect(noAck.seed).toBe(seed);
    const without = runExperiment(noAck, { seed, replications });
    const withDuty = baseline();
    // Same arrival streams, same seed: the very same tickets arrive (common random numbers).
    expect(kpi(without.kpis, 'tickets')).toEqual(kpi(withDuty.kpis, 'tickets'));
    const a = kpi(withDuty.kpis, 'sla.acknowledge.P3');
    const b = kpi(without.kpis, 'sla.acknowledge.P3');
    const difference = a.mean - b.mean;
    expect(difference).toBeGreaterThan(halfWidth(a));
    expect(difference).toBeGreaterThan(halfWidth(b));
    // Nobody on duty: no after-hours ACK work at all.
    expect(kpi(without.kpis, 'ackDuty.ackTasks').mean).toBe(0);
    expect(kpi(withDuty.kpis, 'ackDuty.ackTasks').mean).toBeGreaterThan(0);
  });

  it('paging the on-call engineer for P1 gives P1 a better actionable-response compliance', () => {
    // What the model shows: a paged P1 gets its first diagnosis (the actionable clock) from the
    // on-call engineer at night instead of the next business morning, so sla.actionable.P1 rises
    // (about 0.78 -> 0.87 here). P1 resolution does not clearly improve: after that first touch
    // the ticket still waits for the customer and, when it needs L2/L3, for the business-hours
    // tiers (the duty group serves only the ACK queue), so we do not assert on it.
    const paging = load('p1-paging.json');
    expect(paging.ackDuty.pagedPriorities).toEqual(['P1']);
    const paged = runExperiment(paging, { seed, replications });
    expect(kpi(paged.kpis, 'ackDuty.paged').mean).toBeGreaterThan(0);
    expect(kpi(paged.kpis, 'sla.actionable.P1').mean).toBeGreaterThan(kpi(baseline().kpis, 'sla.actionable.P1').mean);

    // p1-paging also raises P1 volume, so the clean comparison is the same scenario unpaged:
    // identical tickets, and the paging effect is larger than either half-width.
    const unpaged = runExperiment({ ...paging, ackDuty: { ...paging.ackDuty, pagedPriorities: [] } }, { seed, replications });
    expect(kpi(unpaged.kpis, 'tickets')).toEqual(kpi(paged.kpis, 'tickets'));
    const on = kpi(paged.kpis, 'sla.actionable.P1');
    const off = kpi(unpaged.kpis, 'sla.actionable.P1');
    expect(on.mean - off.mean).toBeGreaterThan(Math.max(halfWidth(on), halfWidth(off)));
    expect(kpi(paged.kpis, 'byPriority.P1.actionableMinutes.mean').mean).toBeLessThan(kpi(unpaged.kpis, 'byPriority.P1.actionableMinutes.mean').mean);
  });
});
