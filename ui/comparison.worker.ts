import * as Comlink from 'comlink';
import { parseScenario } from '../scenarios/parse.js';
import type { Scenario } from '../sim/model/scenario.js';
import type { ReplicationResult } from '../sim/replication.js';
import { assemble, type CompareJob, type CompareOutput } from '../workers/experiments.js';
import { withTotalBacklog } from './totals.js';

/**
 * The comparison's work besides the replications, also off the page's thread: validating the
 * scenarios (the schema's first use costs tens of milliseconds) and summarising the results (a 95%
 * CI for every KPI and every point of every series, and the paired differences: a tenth of a
 * second for the bundled 28-day desks). The page stays responsive from Run to the charts.
 */
export interface ComparisonWorkerApi {
  /** Each raw scenario validated: the scenario with defaults, or the schema's errors. */
  validate(raws: unknown[]): Array<{ ok: true; scenario: Scenario } | { ok: false; errors: string[] }>;
  assemble(job: CompareJob, results: ReplicationResult[]): CompareOutput;
}

const api: ComparisonWorkerApi = {
  validate: (raws) => raws.map((raw) => parseScenario(raw)),
  assemble: (job, results) => assemble(job, results.map(withTotalBacklog)) as CompareOutput,
};

Comlink.expose(api);
