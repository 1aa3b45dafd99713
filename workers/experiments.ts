import { parseScenario } from '../scenarios/parse.js';
import { summarize, type KpiTree, type RunSummary } from '../sim/experiment.js';
import { pairedDifference, type Interval } from '../sim/metrics/confidence.js';
import type { Scenario } from '../sim/model/scenario.js';
import { runReplication, type ReplicationResult } from '../sim/replication.js';
import { CancelledError } from './pool.js';
import type { ReplicationTask } from './protocol.js';

/**
 * Experiments as lists of replications: a run (one scenario), a comparison (several scenarios
 * under common random numbers: replication r of every scenario uses the same seed and so the same
 * arrival, handle-time and customer streams) and a sweep (a scenario at each point of a grid of
 * parameter values). A job's replications can be run anywhere, in any order, split into shards,
 * and assembled into the same result.
 */

export interface RunJob {
  kind: 'run';
  seed: number | string;
  replications: number;
  scenarios: [Scenario];
}

export interface CompareJob {
  kind: 'compare';
  seed: number | string;
  replications: number;
  /** The first is the baseline. */
  scenarios: Scenario[];
}

export interface SweepParam {
  path: string;
  /** As given: numbers, or 'x1.2' multipliers of the scenario's value. */
  values: string[];
}

export interface SweepJob {
  kind: 'sweep';
  seed: number | string;
  replications: number;
  params: SweepParam[];
  /** One scenario per grid point, in row-major order of the params' values. */
  scenarios: Scenario[];
  points: string[][];
}

export type Job = RunJob | CompareJob | SweepJob;

/** Task k is replication (k mod n) of scenario floor(k / n). */
export function jobTasks(job: Job): ReplicationTask[] {
  const tasks: ReplicationTask[] = [];
  job.scenarios.forEach((scenario) => {
    for (let r = 0; r < job.replications; r++) tasks.push({ scenario, seed: job.seed, replication: r });
  });
  return tasks;
}

/** The task indices of shard `index` of `count` (0-based): every count-th task, so shards are balanced. */
export function shardIndices(taskCount: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let k = index; k < taskCount; k += count) out.push(k);
  return out;
}

/** Run tasks in this thread, at once (tests); the CLI uses runTasksHereCancellable, the pool is the parallel way. */
export function runTasksHere(tasks: readonly ReplicationTask[], onProgress?: (fraction: number) => void): ReplicationResult[] {
  return tasks.map((task, k) =>
    runReplication(task.scenario, task.seed, task.replication, {
      onProgress: onProgress && ((f) => onProgress((k + f) / tasks.length)),
    }),
  );
}

/**
 * runTasksHere for the CLI's `--workers 0`: the simulation holds this thread, so a Ctrl-C (an
 * abort of `signal`) is only seen between replications; each one starts after a turn of the event
 * loop and the run stops with CancelledError once the signal is aborted.
 */
export async function runTasksHereCancellable(
  tasks: readonly ReplicationTask[],
  options: { signal?: AbortSignal; onProgress?: (fraction: number, finished: number) => void } = {},
): Promise<ReplicationResult[]> {
  const { signal, onProgress } = options;
  const results: ReplicationResult[] = [];
  for (let k = 0; k < tasks.length; k++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new CancelledError();
    const task = tasks[k];
    results.push(
      runReplication(task.scenario, task.seed, task.replication, {
        onProgress: onProgress && ((f) => onProgress((k + f) / tasks.length, k)),
      }),
    );
    onProgress?.((k + 1) / tasks.length, k + 1);
  }
  return results;
}

/** A run's result: the summary without the counters that belong under `perf`. */
export type RunOutput = Omit<RunSummary, 'events' | 'peakOpenTickets'>;

export interface CompareOutput {
  baseline: string;
  results: RunOutput[];
  deltas: Record<string, { kpis: KpiTree }>;
}

export interface SweepOutput {
  scenario: string;
  seed: number | string;
  replications: number;
  params: SweepParam[];
  points: Array<{ values: string[]; kpis: KpiTree }>;
}

/** The result of a job from all its replications (task order). Everything here is deterministic. */
export function assemble(job: Job, results: readonly ReplicationResult[]): RunOutput | CompareOutput | SweepOutput {
  const n = job.replications;
  const perScenario = job.scenarios.map((_, i) => results.slice(i * n, (i + 1) * n));
  const summaries = job.scenarios.map((scenario, i) => summarize(scenario, job.seed, perScenario[i]));
  switch (job.kind) {
    case 'run':
      return runOutput(summaries[0]);
    case 'compare': {
      const deltas: CompareOutput['deltas'] = {};
      for (let i = 1; i < job.scenarios.length; i++) {
        deltas[job.scenarios[i].name] = { kpis: pairedDeltas(perScenario[0], perScenario[i]) };
      }
      return { baseline: job.scenarios[0].name, results: summaries.map(runOutput), deltas };
    }
    case 'sweep':
      return {
        scenario: job.scenarios[0].name,
        seed: job.seed,
        replications: n,
        params: job.params,
        points: job.points.map((values, i) => ({ values, kpis: summaries[i].kpis })),
      };
  }
}

export function runOutput(s: RunSummary): RunOutput {
  return {
    scenario: s.scenario,
    seed: s.seed,
    replications: s.replications,
    horizonDays: s.horizonDays,
    warmupDays: s.warmupDays,
    kpis: s.kpis,
    series: s.series,
  };
}

/**
 * Per KPI, the mean of (scenario - baseline) over replications with its 95% CI. The pairs share
 * their random streams, so the noise common to both cancels and the interval is much narrower
 * than the difference of two independent intervals.
 */
export function pairedDeltas(baseline: readonly ReplicationResult[], other: readonly ReplicationResult[]): KpiTree {
  const tree: KpiTree = {};
  const values = (results: readonly ReplicationResult[]) => results.map((r) => new Map(r.kpis));
  const a = values(baseline);
  const b = values(other);
  for (const [path] of baseline[0]?.kpis ?? []) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let r = 0; r < Math.min(a.length, b.length); r++) {
      const x = a[r].get(path);
      const y = b[r].get(path);
      if (x === null || y === null || x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      xs.push(x);
      ys.push(y);
    }
    if (xs.length === 0) continue;
    setPath(tree, path.split('.'), pairedDifference(xs, ys));
  }
  return tree;
}

function setPath(tree: KpiTree, path: string[], value: Interval): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) node = (node[path[i]] ??= {}) as KpiTree;
  node[path[path.length - 1]] = value;
}

// ---- sweeps ---------------------------------------------------------------------------------

/**
 * Expand a values list: '6,8,10', a range '6..14' or '6..14:2', and multipliers 'x0.7,x1,x1.3'
 * (of the value in the scenario). Ranges step by 1 unless told.
 */
export function expandValues(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(part);
    if (range) {
      const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
      if (!(step > 0) || to < from || (to - from) / step > 1000) throw new Error(`bad range "${part}": expected from..to[:step] with from <= to and at most 1000 values`);
      for (let v = from; v <= to + 1e-9; v += step) out.push(String(Number(v.toFixed(10))));
    } else if (/^x?-?\d+(\.\d+)?(e-?\d+)?$/.test(part)) {
      out.push(part);
    } else {
      throw new Error(`bad value "${part}": expected a number, a range like 6..14 or 6..14:2, or a multiplier like x1.2`);
    }
  }
  if (out.length === 0) throw new Error('no values to sweep');
  if (out.length > 1000) throw new Error(`${out.length} values: at most 1000 a parameter`);
  return out;
}

type Step = { key: string } | { index: number } | { all: true } | { name: string };

/** `groups[name=L2].shifts[*].headcount`, `demand[0].arrivals.perWeek`, `horizonDays` */
export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  const re = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[\*\]|\[name=([^\]]+)\]|(\.)/g;
  let at = 0;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m.index !== at) break;
    at = re.lastIndex;
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[0] === '[*]') steps.push({ all: true });
    else if (m[3] !== undefined) steps.push({ name: m[3] });
  }
  if (at !== path.length || steps.length === 0) {
    throw new Error(`bad parameter path "${path}": expected fields and indices like groups[name=L2].shifts[0].headcount or demand[*].arrivals.perWeek`);
  }
  return steps;
}

/** A copy of the raw scenario with the value set at every place the path selects. */
export function applyParam(raw: unknown, path: string, value: string): unknown {
  const steps = parsePath(path);
  const copy = structuredClone(raw);
  let hits = 0;
  const visit = (node: unknown, i: number, parent: Record<string, unknown> | unknown[] | null, key: string | number | null): void => {
    if (i === steps.length) {
      if (parent === null || key === null) return;
      const target = parent as Record<string | number, unknown>;
      if (value.startsWith('x')) {
        const current = target[key];
        if (typeof current !== 'number') throw new Error(`${path}: "${value}" multiplies a number, but the scenario has ${JSON.stringify(current) ?? 'nothing'} there`);
        target[key] = current * Number(value.slice(1));
      } else {
        target[key] = Number(value);
      }
      hits++;
      return;
    }
    const step = steps[i];
    if ('key' in step) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      const obj = node as Record<string, unknown>;
      if (i + 1 < steps.length && !(step.key in obj)) return;
      visit(obj[step.key], i + 1, obj, step.key);
    } else if (Array.isArray(node)) {
      if ('index' in step) visit(node[step.index], i + 1, node, step.index);
      else if ('all' in step) node.forEach((item, k) => visit(item, i + 1, node, k));
      else node.forEach((item, k) => (item as { name?: unknown })?.name === step.name && visit(item, i + 1, node, k));
    }
  };
  visit(copy, 0, null, null);
  if (hits === 0) throw new Error(`${path}: the scenario has nothing at that path`);
  return copy;
}

/** The sweep's grid: every combination of the params' values, each validated as a scenario. */
export function sweepJob(raw: unknown, params: SweepParam[], seed: number | string, replications: number): SweepJob {
  if (params.length < 1 || params.length > 2) throw new Error(`a sweep varies one or two parameters, got ${params.length}`);
  const points: string[][] = params.length === 1 ? params[0].values.map((v) => [v]) : params[0].values.flatMap((a) => params[1].values.map((b) => [a, b]));
  if (points.length > 2000) throw new Error(`${points.length} sweep points: at most 2000`);
  const scenarios = points.map((values) => {
    let scenario = raw;
    params.forEach((p, i) => (scenario = applyParam(scenario, p.path, values[i])));
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error(`at ${params.map((p, i) => `${p.path} = ${values[i]}`).join(', ')}: ${parsed.errors.join('; ')}`);
    return parsed.scenario;
  });
  return { kind: 'sweep', seed, replications, params, scenarios, points };
}

// ---- shards ---------------------------------------------------------------------------------

export const SHARD_FORMAT = 'supportsim-shard/1';

export interface ShardOutput {
  format: typeof SHARD_FORMAT;
  shard: { index: number; count: number };
  job: Job;
  results: Array<{ task: number; result: ReplicationResult }>;
}

/** Combine shard outputs of one job into the job's result; every task must appear exactly once. */
export function mergeShards(shards: readonly ShardOutput[]): { job: Job; results: ReplicationResult[] } {
  if (shards.length === 0) throw new Error('nothing to merge');
  for (const s of shards) {
    if (s?.format !== SHARD_FORMAT) throw new Error(`not a shard output (expected "format": "${SHARD_FORMAT}")`);
  }
  const job = shards[0].job;
  const signature = JSON.stringify(job);
  for (const s of shards) {
    if (JSON.stringify(s.job) !== signature) throw new Error(`shard ${s.shard.index + 1}/${s.shard.count} belongs to another job (different scenarios, seed or replications)`);
  }
  const total = jobTasks(job).length;
  const results: Array<ReplicationResult | undefined> = new Array(total);
  for (const s of shards) {
    for (const { task, result } of s.results) {
      if (!(Number.isInteger(task) && task >= 0 && task < total)) throw new Error(`shard ${s.shard.index + 1}/${s.shard.count}: task ${task} is not part of the job`);
      if (results[task]) throw new Error(`task ${task} appears in two shards`);
      results[task] = result;
    }
  }
  // A plain loop: reduce would skip the holes of a sparse array, which are exactly the missing ones.
  let missing = 0;
  for (let k = 0; k < total; k++) if (!results[k]) missing++;
  if (missing > 0) throw new Error(`${missing} of ${total} replications are missing: merge every shard of the job`);
  return { job, results: results as ReplicationResult[] };
}
