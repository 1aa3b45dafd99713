import { parseScenario } from '../../scenarios/parse.js';
import type { ScenarioInput } from '../../scenarios/schema.js';
import type { Scenario } from '../../sim/model/scenario.js';

/** Parse through the real schema, so tests exercise the path a user's file takes. */
export function scenario(input: ScenarioInput): Scenario {
  const result = parseScenario(input);
  if (!result.ok) throw new Error(`test scenario is invalid:\n${result.errors.join('\n')}`);
  return result.scenario;
}

export interface MmcOptions {
  name?: string;
  agents: number;
  perHour: number;
  meanMinutes: number;
  thresholdMinutes: number;
  horizonDays: number;
  warmupDays?: number;
  replications?: number;
}

/** One 24x7 group, one Poisson stream, exponential single-touch work: an M/M/c queue. */
export function mmc(o: MmcOptions): Scenario {
  return scenario({
    version: 1,
    name: o.name ?? `mmc-${o.agents}`,
    timeZone: 'UTC',
    horizonDays: o.horizonDays,
    warmupDays: o.warmupDays ?? 0.1,
    replications: o.replications ?? 20,
    groups: [{ name: 'agents', headcount: o.agents }],
    demand: [
      {
        name: 'tickets',
        priority: 'P2',
        arrivals: { type: 'poisson', perHour: o.perHour },
        handleTime: { type: 'exponential', mean: o.meanMinutes },
      },
    ],
    routing: { policy: 'fifo' },
    slaPolicies: [{ name: 'answer', clocks: { acknowledge: { targetMinutes: o.thresholdMinutes } } }],
    targets: [{ clock: 'acknowledge', priority: 'P2', compliance: 0.8 }],
  });
}
