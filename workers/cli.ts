import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { summarize } from '../sim/experiment.js';
import type { Scenario } from '../sim/model/scenario.js';
import type { PlanResult } from '../sim/planner/search.js';
import type { ReplicationResult } from '../sim/replication.js';
import { LIMITS } from '../scenarios/schema.js';
import { calibrateCommand } from './calibration/calibrateCommand.js';
import { backtestCommand } from './calibration/backtestCommand.js';
import { compareTable } from './cli/compareTable.js';
import { kpiTable } from './cli/kpiTable.js';
import { planTable } from './cli/planTable.js';
import { progressLine } from './cli/progressLine.js';
import { readLimited, readScenarioFile, UserError } from './cli/scenarioFile.js';
import { sweepTable } from './cli/sweepTable.js';
import {
  assemble,
  expandValues,
  jobTasks,
  mergeShards,
  runTasksHereCancellable,
  SHARD_FORMAT,
  shardIndices,
  sweepJob,
  type CompareOutput,
  type Job,
  type RunOutput,
  type ShardOutput,
  type SweepOutput,
} from './experiments.js';
import { defaultWorkerCount, nodePool } from './nodePool.js';
import { planOnWorkers } from './planner.js';
import { CancelledError } from './pool.js';
import { Cancelled } from '../sim/replication.js';

const HELP = `supportsim: simulate a technical-support desk and report SLA compliance, waits and backlog

Usage:
  supportsim run <scenario.json> [options]
      Simulate the scenario N times and print a KPI table with 95% confidence intervals.
  supportsim compare <baseline.json> <other.json> ... [options]
      Simulate each scenario with the same random numbers (replication r of every scenario
      meets the same tickets) and print each KPI's difference from the baseline with its 95% CI.
  supportsim sweep <scenario.json> --param <path> --values <list> [--param <path> --values <list>] [options]
      Vary one or two parameters and print KPI curves. A path selects fields and list items:
      groups[name=L2].shifts[0].headcount, demand[*].arrivals.perWeek, ackDuty.etaBusinessMinutes.
      Values: 6,8,10 or a range 6..14 or 6..14:2, or multipliers of the scenario's value x0.7,x1,x1.3.
  supportsim plan <scenario.json> [--confidence 0.95] [--patterns scenario|generated] [options]
      Find the cheapest roster (people per group and shift) whose simulated SLA compliance meets
      every target of the scenario at the stated confidence, starting from the Erlang C answer;
      print it beside the Erlang baseline and today's roster, with the weekly cost, each target's
      CI, the targets no roster can meet and why, what one more or one fewer person buys, the plan
      under volume -20%..+30% and the cost-compliance trade-off. --replications caps the
      replications per roster (default 40); --patterns generated lets it choose 4, 6 and 8-hour
      shifts inside each group's opening hours.
  supportsim merge <shard.json> ...
      Combine the outputs of --shard runs into the result of one run.
  supportsim validate <scenario.json>
      Check a scenario file and list every problem with its path, value and what was expected.
  supportsim calibrate <export.csv|.zip> --format <generic|servicenow|zendesk|jsm|eventlog> [--out scenario.json]
      Fit a scenario to a ticket history (arrivals, priorities, response and resolution times,
      routing, reopen, staffing) and print the fit report; supportsim calibrate --help for options.
  supportsim backtest <export.csv|.zip> --format <fmt> --train D..D --test D..D [--replications N]
      Calibrate on the training period, simulate the test period and compare with what really
      happened (volume, resolution, backlog, reassignment) with 95% CIs; supportsim backtest --help.

Options:
  --json             print one JSON object (the output contract in DESIGN.md) instead of a table
  --confidence C     plan: the CI level whose low end must reach each target, 0.5..0.999 (default 0.95)
  --replications N   independent replications, 1..${LIMITS.replications} (default: the scenario's)
  --seed S           base seed, a whole number >= 0; replication r uses streams derived from (S, r)
  --workers N        worker threads (default: one per core; 0 runs in this process)
  --shard i/n        run only shard i of n (1-based) of the replications and print a shard file
                     for "supportsim merge"; any batch system can fan the shards out
  --out FILE         write the output to FILE instead of standard output
  -h, --help         show this help

Progress goes to stderr for runs longer than a second; Ctrl-C cancels cleanly.
Exit status: 0 on success, 1 for a bad scenario or shard file, 2 for bad arguments, 130 when cancelled.
`;

class UsageError extends Error {}

interface Options {
  json: boolean;
  replications?: number;
  seed?: number;
  workers: number;
  shard?: { index: number; count: number };
  out?: string;
}

async function main(argv: string[]): Promise<number> {
  // calibrate has options of its own (workers/calibration/calibrateCommand.ts).
  if (argv[0] === 'calibrate') return calibrateCommand(argv.slice(1));
  // backtest too (workers/calibration/backtestCommand.ts).
  if (argv[0] === 'backtest') return backtestCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        replications: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        shard: { type: 'string' },
        out: { type: 'string' },
        param: { type: 'string', multiple: true },
        confidence: { type: 'string' },
        patterns: { type: 'string' },
        values: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [command, ...files] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (!command) throw new UsageError('missing command: expected run, compare, sweep, plan, merge or validate (see supportsim --help)');
  const options: Options = {
    json: values.json === true,
    replications: values.replications === undefined ? undefined : wholeNumber('--replications', values.replications, 1, LIMITS.replications),
    seed: values.seed === undefined ? undefined : wholeNumber('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER),
    workers: values.workers === undefined ? defaultWorkerCount() : wholeNumber('--workers', values.workers, 0, 256),
    shard: values.shard === undefined ? undefined : shardOption(values.shard),
    out: values.out,
  };
  if ((values.param || values.values) && command !== 'sweep') throw new UsageError('--param and --values belong to sweep');
  if ((values.confidence !== undefined || values.patterns !== undefined) && command !== 'plan') throw new UsageError('--confidence and --patterns belong to plan');
  switch (command) {
    case 'validate': {
      const file = single(files, 'validate');
      const { scenario } = readScenarioFile(file);
      process.stdout.write(`${file}: valid scenario "${scenario.name}" (version ${scenario.version})\n`);
      return 0;
    }
    case 'run': {
      const { scenario } = readScenarioFile(single(files, 'run'));
      const job: Job = {
        kind: 'run',
        seed: options.seed ?? scenario.seed,
        replications: options.replications ?? scenario.replications,
        scenarios: [scenario],
      };
      return execute(job, options);
    }
    case 'compare': {
      if (files.length < 2) throw new UsageError(`compare takes a baseline and at least one other scenario, got ${files.length} file${files.length === 1 ? '' : 's'}`);
      if (files.length > 20) throw new UsageError(`compare takes at most 20 scenarios, got ${files.length}`);
      const scenarios = files.map((f) => readScenarioFile(f).scenario);
      const names = new Set<string>();
      for (const s of scenarios) {
        if (names.has(s.name)) throw new UsageError(`two scenarios are named "${s.name}": names tell them apart in the comparison`);
        names.add(s.name);
      }
      const job: Job = {
        kind: 'compare',
        seed: options.seed ?? scenarios[0].seed,
        replications: options.replications ?? scenarios[0].replications,
        scenarios,
      };
      return execute(job, options);
    }
    case 'sweep': {
      const { raw, scenario } = readScenarioFile(single(files, 'sweep'));
      const paths = values.param ?? [];
      const lists = values.values ?? [];
      if (paths.length === 0 || paths.length !== lists.length) {
        throw new UsageError(`sweep needs --param <path> --values <list> for each parameter (one or two), got ${paths.length} --param and ${lists.length} --values`);
      }
      let job: Job;
      try {
        const params = paths.map((path, i) => ({ path, values: expandValues(lists[i]) }));
        job = sweepJob(raw, params, options.seed ?? scenario.seed, options.replications ?? scenario.replications);
      } catch (e) {
        throw new UserError(`sweep: ${(e as Error).message}`);
      }
      return execute(job, options);
    }
    case 'plan': {
      const { scenario } = readScenarioFile(single(files, 'plan'));
      if (options.shard) throw new UsageError('plan cannot be sharded: each step decides what to simulate next');
      const confidence = values.confidence === undefined ? 0.95 : Number(values.confidence);
      if (!/^\d*\.?\d+$/.test(values.confidence ?? '0.95') || !(confidence >= 0.5 && confidence <= 0.999)) {
        throw new UsageError(`--confidence: expected a number from 0.5 to 0.999, got "${values.confidence}"`);
      }
      const patterns = values.patterns ?? 'scenario';
      if (patterns !== 'scenario' && patterns !== 'generated') throw new UsageError(`--patterns: expected scenario or generated, got "${patterns}"`);
      return plan(scenario, { ...options, confidence, patterns, maxReplications: options.replications });
    }
    case 'merge': {
      if (files.length === 0) throw new UsageError('merge takes the shard files to combine');
      const started = performance.now();
      let merged;
      try {
        const shards = files.map((f) => JSON.parse(readLimited(f, 2_000_000_000, 'a shard file')) as ShardOutput);
        merged = mergeShards(shards);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`merge: ${(e as Error).message}`);
      }
      output(merged.job, merged.results, performance.now() - started, options);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}": expected run, compare, sweep, plan, merge or validate (see supportsim --help)`);
  }
}

/** Plan the roster on the workers, with a progress line on stderr, then print the plan. */
async function plan(
  scenario: Scenario,
  options: Options & { confidence: number; patterns: 'scenario' | 'generated'; maxReplications?: number },
): Promise<number> {
  const progress = progressLine();
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const phases = { baseline: 'Erlang baseline', feasibility: 'checking which targets can be met', search: 'searching', report: 'trade-offs and sensitivity' };
  let result: PlanResult;
  try {
    result = await planOnWorkers(scenario, {
      workers: options.workers,
      confidence: options.confidence,
      patterns: options.patterns,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.maxReplications !== undefined ? { maxReplications: Math.max(2, options.maxReplications), reportReplications: Math.min(20, Math.max(2, options.maxReplications)) } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        const best = p.bestCost === undefined ? '' : `, best so far ${Math.round(p.bestCost).toLocaleString('en-US')}/week`;
        progress.update((seconds) => `supportsim: plan ${scenario.name}: ${phases[p.phase]}: ${p.replications + p.batchFinished} replications of ${p.candidates} rosters${best} (${seconds.toFixed(1)} s)`);
      },
    });
  } catch (e) {
    progress.clear();
    if (e instanceof CancelledError || e instanceof Cancelled) {
      process.stderr.write('supportsim: cancelled\n');
      return 130;
    }
    if (e instanceof RangeError) throw new UserError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  progress.clear();
  const wallMs = performance.now() - progress.started;
  if (options.json) write(JSON.stringify({ ...result, perf: { wallMs: Math.round(wallMs), workers: options.workers } }), options);
  else write(planTable(result, scenario, wallMs), options);
  return 0;
}

/** Run a job's replications (all, or a shard of them) on the workers, then print the result. */
async function execute(job: Job, options: Options): Promise<number> {
  const tasks = jobTasks(job);
  const indices = options.shard ? shardIndices(tasks.length, options.shard.index, options.shard.count) : tasks.map((_, k) => k);
  const subset = indices.map((k) => tasks[k]);
  const progress = progressLine();
  const what = job.kind === 'run' ? job.scenarios[0].name : job.kind === 'compare' ? `${job.scenarios.length} scenarios` : `${job.scenarios.length} sweep points`;
  const onProgress = (fraction: number, finished: number) =>
    progress.update((seconds) => `supportsim: ${job.kind} ${what}: ${(fraction * 100).toFixed(0)}% (${finished}/${subset.length} replications, ${seconds.toFixed(1)} s)`);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let results: ReplicationResult[];
  try {
    if (options.workers === 0) {
      results = await runTasksHereCancellable(subset, { onProgress, signal: controller.signal });
    } else {
      const pool = nodePool(Math.min(options.workers, Math.max(1, subset.length)));
      try {
        results = await pool.run(subset, { onProgress, signal: controller.signal });
      } finally {
        pool.close();
      }
    }
  } catch (e) {
    progress.clear();
    if (e instanceof CancelledError) {
      process.stderr.write('supportsim: cancelled\n');
      return 130;
    }
    throw new UserError((e as Error).message);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  progress.clear();
  const wallMs = performance.now() - progress.started;
  if (options.shard) {
    const shard: ShardOutput = {
      format: SHARD_FORMAT,
      shard: options.shard,
      job,
      results: indices.map((task, i) => ({ task, result: results[i] })),
    };
    write(JSON.stringify(shard), options);
    return 0;
  }
  output(job, results, wallMs, options);
  return 0;
}

function output(job: Job, results: readonly ReplicationResult[], wallMs: number, options: Options): void {
  const result = assemble(job, results);
  const events = results.reduce((n, r) => n + r.events, 0);
  const peakOpenTickets = results.reduce((n, r) => Math.max(n, r.peakOpenTickets), 0);
  const perf = { events, wallMs: Math.round(wallMs), peakOpenTickets, workers: options.workers };
  if (options.json) {
    if (job.kind === 'compare') {
      const compare = result as CompareOutput;
      write(JSON.stringify({ ...compare, results: compare.results.map((r) => ({ ...r, perf })) }), options);
    } else {
      write(JSON.stringify({ ...(result as RunOutput | SweepOutput), perf }), options);
    }
    return;
  }
  if (job.kind === 'run') write(kpiTable(summarize(job.scenarios[0], job.seed, results), job.scenarios[0], wallMs), options);
  else if (job.kind === 'compare') write(compareTable(result as CompareOutput, job.scenarios, wallMs), options);
  else write(sweepTable(result as SweepOutput, job.scenarios[0], wallMs), options);
}

function write(text: string, options: Options): void {
  if (options.out) writeFileSync(options.out, `${text}\n`);
  else process.stdout.write(`${text}\n`);
}

function single(files: string[], command: string): string {
  if (files.length !== 1) throw new UsageError(`${command} takes one scenario file, got ${files.length}`);
  return files[0];
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function shardOption(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/8), got "${text}"`);
  }
  return { index: index - 1, count };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UserError) {
      process.stderr.write(`supportsim: ${e.message}\n`);
      for (const line of e.details) process.stderr.write(`  ${line}\n`);
      process.exitCode = 1;
    } else if (e instanceof UsageError) {
      process.stderr.write(`supportsim: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      // Not the user's fault: keep the stack, it is what a bug report needs.
      process.stderr.write(`supportsim: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    }
  },
);
