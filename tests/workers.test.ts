import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mean, sampleStandardDeviation, sampleVariance } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarize, type KpiTree } from '../sim/experiment.js';
import { confidenceInterval, tQuantile, type Interval } from '../sim/metrics/confidence.js';
import type { Scenario } from '../sim/model/scenario.js';
import type { ReplicationResult } from '../sim/replication.js';
import {
  applyParam,
  assemble,
  expandValues,
  jobTasks,
  mergeShards,
  pairedDeltas,
  parsePath,
  runTasksHere,
  runTasksHereCancellable,
  SHARD_FORMAT,
  shardIndices,
  sweepJob,
  type CompareJob,
  type CompareOutput,
  type Job,
  type ShardOutput,
} from '../workers/experiments.js';
import { nodePool } from '../workers/nodePool.js';
import { CancelledError, WorkerPool, type Spawn, type WorkerHandle } from '../workers/pool.js';
import { workerApi } from '../workers/api.js';
import { packResult, unpackResult, type ReplicationTask, type WireTask } from '../workers/protocol.js';
import { kpi, value } from './support/kpis.js';
import { scenario } from './support/scenarios.js';

/*
 * The worker pool, experiments (run / compare / sweep, shards) and the CLI around them.
 * The pool runs dist/workers/worker.node.js, so dist/ is built first when it is missing.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'supportsim.js');
const STACK = /\n\s+at\s|\bat .*\.(?:[cm]?js|ts):\d+:\d+/;

const raw = (name: string): any => JSON.parse(readFileSync(join(ROOT, 'scenarios', `${name}.json`), 'utf8'));
const bundled = (name: string): Scenario => scenario(raw(name));

/** erlang-c-check (14 agents, 200 calls/h, 3 min) cut to a short horizon: a few ms a replication. */
function erlangRaw(edit: (s: any) => void = () => {}): any {
  const s = raw('erlang-c-check');
  s.horizonDays = 1;
  edit(s);
  return s;
}
const erlangShort = (edit?: (s: any) => void): Scenario => scenario(erlangRaw(edit));

const tasksOf = (s: Scenario, replications: number, seed: number | string = 1): ReplicationTask[] =>
  Array.from({ length: replications }, (_, r) => ({ scenario: s, seed, replication: r }));

const halfWidth = (i: Interval): number => (i.hi - i.lo) / 2;

interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it, asynchronously so independent runs overlap. */
function cli(args: string[], options: { interruptAfterMs?: number } = {}): Promise<CliResult & { interruptedAt?: number; exitedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interruptedAt: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const interrupt =
      options.interruptAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            interruptedAt = performance.now();
            child.kill('SIGINT');
          }, options.interruptAfterMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(killer);
      if (interrupt) clearTimeout(interrupt);
      resolve({ status, signal, stdout, stderr, interruptedAt, exitedAt: performance.now() });
    });
  });
}

async function cliOk(...args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.stderr, `supportsim ${args.join(' ')}`).not.toContain('internal error');
  expect(r.status, `supportsim ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** A CLI --json result without `perf` (wall time, worker count), at the top or in each result. */
function withoutPerf(text: string): unknown {
  const out = JSON.parse(text);
  delete out.perf;
  if (Array.isArray(out.results)) for (const r of out.results) delete r.perf;
  return out;
}

let dir = '';
let erlangFile = '';

/** Is any compiled file missing or older than its TypeScript source? */
function distIsStale(): boolean {
  for (const top of ['sim', 'scenarios', 'workers']) {
    for (const file of readdirSync(join(ROOT, top), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const source = join(ROOT, top, file);
      const compiled = join(ROOT, 'dist', top, file.replace(/\.ts$/, '.js'));
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) return true;
    }
  }
  return false;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'supportsim-workers-test-'));
  erlangFile = join(dir, 'erlang-short.json');
  writeFileSync(erlangFile, JSON.stringify(erlangRaw()));
  // `npm test` builds first; build here when run on its own and dist/ is missing or older than
  // the sources (worker threads run dist/ while this file runs the sources: they must agree).
  if (distIsStale()) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Run `body` with a fresh pool and always close it, so no worker thread outlives its test. */
async function withPool<T>(pool: WorkerPool, body: (pool: WorkerPool) => Promise<T>): Promise<T> {
  try {
    return await body(pool);
  } finally {
    pool.close();
  }
}

// ---------------------------------------------------------------------------------------------

describe('determinism across threads and worker counts', () => {
  it('1, 2 and 4 worker threads and the main thread give identical replications and summaries', async () => {
    const erlang = erlangShort();
    const desk = bundled('seed-defaults');
    // Mixed lengths, so the workers finish out of task order.
    const tasks = [...tasksOf(desk, 2, 7), ...tasksOf(erlang, 4, 7)];
    const here = runTasksHere(tasks);
    const summaries = (results: readonly ReplicationResult[]) =>
      JSON.stringify([summarize(desk, 7, results.slice(0, 2)), summarize(erlang, 7, results.slice(2))]);
    const expected = summaries(here);
    for (const size of [1, 2, 4]) {
      const results = await withPool(nodePool(size), (pool) => pool.run(tasks));
      expect(results.map((r) => r.replication)).toEqual([0, 1, 0, 1, 2, 3]);
      // The same replication in a worker thread and in the main thread: identical results.
      results.forEach((r, k) => expect(JSON.stringify(r), `${size} workers, task ${k}`).toBe(JSON.stringify(here[k])));
      expect(results).toEqual(here);
      expect(summaries(results), `${size} workers`).toBe(expected);
    }
    // The run is not trivially constant: replications differ from one another.
    expect(JSON.stringify(here[2].kpis)).not.toBe(JSON.stringify(here[3].kpis));
  });
});

// ---------------------------------------------------------------------------------------------

describe('shards', () => {
  it('shardIndices splits the tasks into disjoint, balanced, complete shards', () => {
    for (const [tasks, count] of [
      [10, 3],
      [2, 3],
      [7, 1],
    ]) {
      const shards = Array.from({ length: count }, (_, i) => shardIndices(tasks, i, count));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: tasks }, (_, k) => k));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  /** Three shards written with --out and merged give the one-run result (except perf). */
  async function shardedEqualsOne(name: string, args: string[]): Promise<string[]> {
    const files = [1, 2, 3].map((i) => join(dir, `${name}-${i}of3.json`));
    // Each shard on a different number of threads (0 = in the CLI's own thread).
    const [one] = await Promise.all([
      cliOk(...args, '--json', '--workers', '2'),
      ...files.map((file, i) => cliOk(...args, '--shard', `${i + 1}/3`, '--out', file, '--workers', String(i))),
    ]);
    for (const [i, file] of files.entries()) {
      const shard = JSON.parse(readFileSync(file, 'utf8'));
      expect(shard.format).toBe('supportsim-shard/1');
      expect(shard.shard).toEqual({ index: i, count: 3 });
    }
    const merged = await cliOk('merge', files[2], files[0], files[1], '--json');
    expect(withoutPerf(merged)).toEqual(withoutPerf(one));
    // Byte for byte apart from perf.
    expect(JSON.stringify(withoutPerf(merged))).toBe(JSON.stringify(withoutPerf(one)));
    return files;
  }

  let runShards: string[] = [];
  let compareShards: string[] = [];

  it('run: three shards merged equal one run', async () => {
    runShards = await shardedEqualsOne('run', ['run', erlangFile, '--replications', '5', '--seed', '3']);
  });

  it('compare: three shards merged equal one comparison', async () => {
    compareShards = await shardedEqualsOne('compare', ['compare', 'scenarios/seed-defaults.json', 'scenarios/no-ack-duty.json', '--replications', '3']);
  });

  it('sweep: three shards merged equal one sweep', async () => {
    await shardedEqualsOne('sweep', ['sweep', erlangFile, '--param', 'groups[name=agents].headcount', '--values', '13,15', '--replications', '3']);
  });

  async function mergeFails(files: string[], reason: RegExp): Promise<void> {
    const r = await cli(['merge', ...files, '--json']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^supportsim: /);
    expect(lines[0]).toMatch(reason);
    expect(r.stderr).not.toMatch(STACK);
  }

  it('merge refuses a job with a shard missing', async () => {
    expect(runShards).toHaveLength(3);
    // In-process: the shards of a 5-replication run, the second (tasks 1 and 4) left out.
    const job: Job = { kind: 'run', seed: 3, replications: 5, scenarios: [erlangShort()] };
    const results = runTasksHere(jobTasks(job));
    const shard = (index: number): ShardOutput => ({
      format: SHARD_FORMAT,
      shard: { index, count: 3 },
      job,
      results: shardIndices(5, index, 3).map((task) => ({ task, result: results[task] })),
    });
    expect(mergeShards([shard(0), shard(1), shard(2)]).results).toEqual(results);
    expect(() => mergeShards([shard(0), shard(2)])).toThrow('2 of 5 replications are missing: merge every shard of the job');
    // And through the CLI: exit 1 with a one-line reason.
    await mergeFails([runShards[0], runShards[2]], /^supportsim: merge: 2 of 5 replications are missing/);
  });

  it('merge refuses a duplicated shard, a shard of another job and a non-shard file', async () => {
    expect(runShards).toHaveLength(3);
    expect(compareShards).toHaveLength(3);
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'this is not JSON {');
    await Promise.all([
      mergeFails([runShards[0], runShards[1], runShards[2], runShards[1]], /task 1 appears in two shards/),
      mergeFails([runShards[0], compareShards[1], runShards[2]], /shard 2\/3 belongs to another job/),
      mergeFails([runShards[0], erlangFile], /not a shard output/),
      mergeFails([notJson], /^supportsim: merge: /),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('compare under common random numbers', () => {
  let compareJson: Promise<string> | undefined;
  /** seed-defaults vs no-ack-duty, 3 replications, shared by the tests that read it. */
  const comparison = () => (compareJson ??= cliOk('compare', 'scenarios/seed-defaults.json', 'scenarios/no-ack-duty.json', '--replications', '3', '--json', '--workers', '2'));

  it('the same tickets meet both desks: the tickets delta is exactly 0 with CI [0, 0]', async () => {
    const out = JSON.parse(await comparison()) as CompareOutput;
    const tickets = kpi(out.deltas['no-ack-duty'].kpis, 'tickets');
    expect(tickets).toEqual({ mean: 0, lo: 0, hi: 0 });
    expect(kpi(out.deltas['no-ack-duty'].kpis, 'flow.arrivals')).toEqual({ mean: 0, lo: 0, hi: 0 });
    // ... while the desks differ: nobody does after-hours ACKs without the duty.
    expect(kpi(out.results[0].kpis, 'ackDuty.ackTasks').mean).toBeGreaterThan(0);
    expect(kpi(out.deltas['no-ack-duty'].kpis, 'ackDuty.ackTasks').hi).toBeLessThan(0);
  });

  it('the paired CI of a staffing change is clearly narrower than the unpaired (Welch) one', async () => {
    // erlang-c-check with 14 agents vs the same with 15, 10 replications each.
    const base = bundled('erlang-c-check');
    const more = scenario({ ...raw('erlang-c-check'), name: 'erlang-c-15', groups: [{ name: 'agents', tier: 'L1', headcount: 15 }] });
    const job: CompareJob = { kind: 'compare', seed: 1, replications: 10, scenarios: [base, more] };
    const tasks = jobTasks(job);
    // Independent second set: the 15-agent desk with another seed.
    const independent = tasksOf(more, 10, 2);
    const results = await withPool(nodePool(2), (pool) => pool.run([...tasks, ...independent]));
    const paired = assemble(job, results.slice(0, 20)) as CompareOutput;
    const delta = kpi(paired.deltas['erlang-c-15'].kpis, 'waitMinutes.mean');
    expect(delta).toEqual(kpi(pairedDeltas(results.slice(0, 10), results.slice(10, 20)), 'waitMinutes.mean'));
    expect(delta.hi, 'one more agent shortens the wait').toBeLessThan(0);

    // Unpaired: difference of means of two independent samples a (n_a) and b (n_b), Welch's CI
    //   half-width = t(0.975, nu) * sqrt(s_a^2 / n_a + s_b^2 / n_b),
    //   nu = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2 / (n_a - 1) + (s_b^2/n_b)^2 / (n_b - 1)).
    const a = results.slice(0, 10).map((r) => value(r, 'waitMinutes.mean'));
    const b = results.slice(20, 30).map((r) => value(r, 'waitMinutes.mean'));
    const va = sampleVariance(a) / a.length;
    const vb = sampleVariance(b) / b.length;
    const nu = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
    const unpaired = tQuantile(0.975, nu) * Math.sqrt(va + vb);
    expect(mean(b) - mean(a)).toBeLessThan(0);
    const ratio = halfWidth(delta) / unpaired;
    expect(ratio, `paired half-width ${halfWidth(delta)} vs unpaired ${unpaired}`).toBeLessThan(0.7);
  });

  it('compare --json has the documented shape, and the table shows the deltas with * marks', async () => {
    const [json, table] = await Promise.all([
      comparison(),
      cliOk('compare', 'scenarios/seed-defaults.json', 'scenarios/no-ack-duty.json', '--replications', '3', '--workers', '2'),
    ]);
    const out = JSON.parse(json);
    expect(Object.keys(out).sort()).toEqual(['baseline', 'deltas', 'results']);
    expect(out.baseline).toBe('seed-defaults');
    expect(out.results.map((r: any) => r.scenario)).toEqual(['seed-defaults', 'no-ack-duty']);
    for (const r of out.results) {
      expect(Object.keys(r).sort()).toEqual(['horizonDays', 'kpis', 'perf', 'replications', 'scenario', 'seed', 'series', 'warmupDays']);
      expect(r.replications).toBe(3);
      expect(Object.keys(r.perf).sort()).toEqual(['events', 'peakOpenTickets', 'wallMs', 'workers']);
      expect(r.perf.events).toBeGreaterThan(0);
      expect(kpi(r.kpis, 'tickets').mean).toBeGreaterThan(0);
    }
    expect(Object.keys(out.deltas)).toEqual(['no-ack-duty']);
    expect(Object.keys(out.deltas['no-ack-duty'])).toEqual(['kpis']);
    // Every leaf of the deltas is a {mean, lo, hi} interval with lo <= mean <= hi.
    const leaves: Array<[string, Interval]> = [];
    const walk = (tree: KpiTree, path: string) => {
      for (const [k, v] of Object.entries(tree)) {
        if (typeof (v as Interval).mean === 'number') leaves.push([`${path}${k}`, v as Interval]);
        else walk(v as KpiTree, `${path}${k}.`);
      }
    };
    walk(out.deltas['no-ack-duty'].kpis, '');
    expect(leaves.length).toBeGreaterThan(20);
    for (const [path, i] of leaves) {
      expect(Object.keys(i).sort(), path).toEqual(['hi', 'lo', 'mean']);
      expect(i.lo <= i.mean && i.mean <= i.hi, `${path}: ${JSON.stringify(i)}`).toBe(true);
    }
    const d = out.deltas['no-ack-duty'].kpis;
    for (const path of ['waitMinutes.mean', 'sla.acknowledge.P2', 'ackDuty.ackTasks']) expect(kpi(d, path)).toBeDefined();

    // The readable table: the baseline and the other scenario, a change column, its rows.
    expect(table).toContain('change vs seed-defaults (95% CI)');
    expect(table).toMatch(/^Tickets .*\b0 \(0 \.\. 0\)\s*$/m);
    const ackLine = table.split('\n').find((l) => l.startsWith('After-hours ACK tasks'));
    expect(ackLine, table).toBeDefined();
    // No ACK tasks without the duty: a change whose interval excludes zero, marked '*'.
    expect(ackLine).toMatch(/-\d.*\(-.*\.\. -.*\) \*\s*$/);
    // A '*' exactly where the JSON interval excludes zero, for the rows that show a change.
    for (const [label, path] of [
      ['Tickets', 'tickets'],
      ['After-hours ACK tasks', 'ackDuty.ackTasks'],
      ['Wait for an agent, mean', 'waitMinutes.mean'],
      ['Resolution, median', 'resolutionMinutes.p50'],
    ]) {
      const line = table.split('\n').find((l) => l.startsWith(label));
      expect(line, label).toBeDefined();
      const i = kpi(d, path);
      expect(line!.trimEnd().endsWith('*'), `${label}: ${JSON.stringify(i)}\n${line}`).toBe(i.lo > 0 || i.hi < 0);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('cancelling', () => {
  it('aborting pool.run rejects promptly with CancelledError, and the pool keeps working', async () => {
    const desk = bundled('seed-defaults');
    const small = tasksOf(erlangShort(), 3);
    const pool = nodePool(2);
    try {
      const controller = new AbortController();
      let finished = 0;
      const run = pool.run(tasksOf(desk, 20), { signal: controller.signal, onProgress: (_, n) => (finished = n) });
      const settled = run.then(
        () => ({ error: null as unknown, at: performance.now() }),
        (error: unknown) => ({ error, at: performance.now() }),
      );
      await new Promise((r) => setTimeout(r, 300));
      const abortedAt = performance.now();
      const finishedAtAbort = finished;
      controller.abort();
      const { error, at } = await settled;
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe('cancelled');
      expect(finishedAtAbort, 'the abort came mid-run').toBeLessThan(20);
      expect(at - abortedAt, 'rejects within a second of the abort').toBeLessThan(1000);
      // An already-aborted signal refuses at once.
      await expect(pool.run(small, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
      // The same pool then runs a small job correctly.
      expect(await pool.run(small)).toEqual(runTasksHere(small));
    } finally {
      pool.close();
    }
  });

  // With --workers 0 the simulation holds the CLI's thread: the signal is seen between replications.
  it.each(['2', '0'])('the CLI with --workers %s exits 130 with "cancelled" a few seconds at most after SIGINT', async (workers) => {
    const r = await cli(['run', 'scenarios/seed-defaults.json', '--replications', '200', '--workers', workers], { interruptAfterMs: 1500 });
    expect(r.interruptedAt, 'still running at 1.5 s').toBeDefined();
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/^supportsim: cancelled$/m);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
    expect(r.exitedAt - r.interruptedAt!, 'exits promptly').toBeLessThan(3000);
  });
});

// ---------------------------------------------------------------------------------------------

describe('faults', () => {
  it("a replication that throws or a worker that exits fails the run naming scenario and replication; the pool recovers", async () => {
    const erlang = erlangShort();
    const tasks = tasksOf(erlang, 4);
    const expected = runTasksHere(tasks);
    await withPool(nodePool(2, { testHooks: true }), async (pool) => {
      const throwing = tasks.map((t, k) => (k === 2 ? { ...t, testHook: 'throw' as const } : t));
      const thrown = await pool.run(throwing).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(CancelledError);
      expect(thrown!.message).toContain('scenario "erlang-c-check"');
      expect(thrown!.message).toContain('replication 2');
      expect(thrown!.message).toContain('test hook: a replication that throws');
      expect(await pool.run(tasks)).toEqual(expected);

      const exiting = tasks.map((t, k) => (k === 3 ? { ...t, testHook: 'exit' as const } : t));
      const exited = await pool.run(exiting).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(exited).toBeInstanceOf(Error);
      expect(exited!.message).toContain('scenario "erlang-c-check"');
      expect(exited!.message).toContain('replication 3');
      expect(exited!.message).toContain('stopped unexpectedly');
      // The dead worker was replaced: the same pool runs the job again, correctly.
      expect(await pool.run(tasks)).toEqual(expected);
    });
  });

  it('a pool without test hooks ignores them', async () => {
    const tasks = tasksOf(erlangShort(), 3).map((t, k) => ({ ...t, testHook: (['throw', 'exit', undefined] as const)[k] }));
    const results = await withPool(nodePool(2), (pool) => pool.run(tasks));
    expect(results).toEqual(runTasksHere(tasks));
  });

  it('a pool needs at least one worker', () => {
    expect(() => nodePool(0)).toThrow(/at least one worker/);
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Workers in this thread on the real worker-side API (workers/api.ts), one task at a time in the
 * order sent like a real worker, recording what the pool sends and how many tasks each had queued.
 */
function recordingSpawn(sent: Array<{ worker: number; task: WireTask; queued: number }>): Spawn {
  let workers = 0;
  return () => {
    const worker = workers++;
    const inner = workerApi({ testHooks: false, exit: () => {} });
    let tail: Promise<unknown> = Promise.resolve();
    let queued = 0;
    return {
      api: {
        runReplication(task: WireTask) {
          sent.push({ worker, task, queued: ++queued });
          const result = tail.then(async () => {
            await new Promise((r) => setTimeout(r, 1));
            return inner.runReplication(task);
          });
          tail = result.finally(() => queued--).catch(() => {});
          return result;
        },
      } as unknown as WorkerHandle['api'],
      terminate: () => {},
      died: new Promise<string>(() => {}),
    };
  };
}

describe('summaries', () => {
  it('confidenceInterval keeps its t quantiles and gives, to the last bit, mean ± t s / sqrt(n) with t computed afresh', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.constantFrom(0.9, 0.95, 0.99), (values, level) => {
        const n = values.length;
        const m = mean(values);
        const half = n === 1 ? 0 : (tQuantile((1 + level) / 2, n - 1) * sampleStandardDeviation(values)) / Math.sqrt(n);
        // Called twice: once computing the t quantile for this size, once taking it from the cache.
        for (const got of [confidenceInterval(values, level), confidenceInterval(values, level)]) {
          const same = n === 1 ? got.lo === m && got.hi === m : Object.is(got.lo, m - half) && Object.is(got.hi, m + half);
          expect(Object.is(got.mean, m) && same, JSON.stringify(values)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('what the pool sends its workers', () => {
  it('a scenario travels once per worker per run, later tasks name it by key; results stay those of the main thread', async () => {
    const a = erlangShort();
    const b = erlangShort((s) => (s.name = 'erlang-b'));
    const sent: Array<{ worker: number; task: WireTask; queued: number }> = [];
    const pool = new WorkerPool(2, recordingSpawn(sent));
    const tasks = [...tasksOf(a, 6), ...tasksOf(b, 6)];
    expect(await pool.run(tasks)).toEqual(runTasksHere(tasks));
    const withScenario = sent.filter((s) => s.task.scenario !== undefined);
    // Each worker got each scenario at most once, and every task names the scenario it belongs to.
    expect(withScenario.length).toBeLessThanOrEqual(4);
    for (const w of [0, 1]) {
      const mine = sent.filter((s) => s.worker === w);
      expect(mine.length, `worker ${w} had work`).toBeGreaterThan(0);
      expect(mine[0].task.scenario, 'the first task a worker gets brings its scenario').toBeDefined();
      for (const name of ['erlang-c-check', 'erlang-b']) expect(mine.filter((s) => s.task.scenario?.name === name).length).toBeLessThanOrEqual(1);
    }
    // A second run sends the scenarios again (with new keys): one edited in between is not missed.
    const before = sent.length;
    expect(await pool.run(tasks.slice(0, 3))).toEqual(runTasksHere(tasks.slice(0, 3)));
    const second = sent.slice(before);
    expect(new Set(second.map((s) => s.task.scenarioKey)).size).toBe(1);
    expect(second[0].task.scenarioKey).not.toBe(sent[0].task.scenarioKey);
    for (const w of [0, 1]) expect(second.find((s) => s.worker === w)?.task.scenario).toBeDefined();
    // Tasks alternating between scenarios on one worker: the scenario goes with every change.
    const alternating = [tasks[0], tasks[6], tasks[1], tasks[7]];
    const one: typeof sent = [];
    expect(await new WorkerPool(1, recordingSpawn(one)).run(alternating)).toEqual(runTasksHere(alternating));
    expect(one.map((s) => s.task.scenario?.name)).toEqual(['erlang-c-check', 'erlang-b', 'erlang-c-check', 'erlang-b']);
  });

  it('a worker has at most two tasks queued, and a run of as many tasks as workers spreads over all of them', async () => {
    const sent: Array<{ worker: number; task: WireTask; queued: number }> = [];
    const tasks = tasksOf(erlangShort(), 3);
    expect(await new WorkerPool(3, recordingSpawn(sent)).run(tasks)).toEqual(runTasksHere(tasks));
    expect(sent.map((s) => s.worker).sort()).toEqual([0, 1, 2]);
    const many = tasksOf(erlangShort(), 20);
    sent.length = 0;
    expect(await new WorkerPool(2, recordingSpawn(sent)).run(many)).toEqual(runTasksHere(many));
    expect(Math.max(...sent.map((s) => s.queued))).toBe(2);
  });

  it('a result packed for the trip back unpacks to the same result: nulls, NaN, -0, infinities and key order kept', () => {
    const real = runTasksHere(tasksOf(bundled('seed-defaults'), 1))[0];
    const odd: ReplicationResult = {
      ...real,
      kpis: [['a', null], ['b', Number.NaN], ['c', -0], ['d', Infinity], ['e', 1.5], ['f', null]],
      series: [['empty', []], ['s', [-0, Number.NaN, -Infinity, 2 ** -1074]]],
    };
    for (const result of [real, odd]) {
      const copy = structuredClone(result);
      const wire = packResult(result);
      const back = unpackResult(structuredClone(wire, { transfer: [wire.numbers.buffer] }));
      expect(back).toEqual(copy);
      expect(JSON.stringify(back)).toBe(JSON.stringify(copy));
      expect(Object.keys(back)).toEqual(Object.keys(copy));
    }
    const back = unpackResult(packResult(odd));
    expect(back.kpis.map(([, v]) => v)).toEqual([null, Number.NaN, -0, Infinity, 1.5, null]);
    expect(Object.is(back.kpis[2][1], -0)).toBe(true);
    expect(Object.is(back.series[1][1][0], -0)).toBe(true);
  });

  it('a worker asked for a scenario it was never sent refuses clearly', async () => {
    const api = workerApi({ testHooks: false, exit: () => {} });
    await expect(api.runReplication({ scenarioKey: 7, seed: 1, replication: 0 })).rejects.toThrow(/scenario #7 without being sent it/);
  });

  it('a worker that dies with a task queued behind the one it runs names the one it was running', async () => {
    const tasks = tasksOf(erlangShort(), 6).map((t, k) => (k === 2 ? { ...t, testHook: 'exit' as const } : t));
    await withPool(nodePool(1, { testHooks: true }), async (pool) => {
      const error = await pool.run(tasks).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/^scenario "erlang-c-check", replication 2: the worker stopped unexpectedly/);
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('progress', () => {
  it('onProgress on worker threads reports fractions in [0, 1], ending at 1 with every task finished', async () => {
    const tasks = [...tasksOf(bundled('seed-defaults'), 2), ...tasksOf(erlangShort(), 4)];
    const calls: Array<[number, number]> = [];
    const results = await withPool(nodePool(2), async (pool) => {
      const out = await pool.run(tasks, { onProgress: (f, n) => calls.push([f, n]) });
      // The last report when the run resolves: everything done.
      expect(calls[calls.length - 1]).toEqual([1, tasks.length]);
      return out;
    });
    expect(results).toHaveLength(tasks.length);
    expect(calls.length).toBeGreaterThan(tasks.length);
    for (const [f, n] of calls) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
      expect(Number.isInteger(n) && n >= 0 && n <= tasks.length).toBe(true);
    }
    for (let i = 1; i < calls.length; i++) expect(calls[i][1]).toBeGreaterThanOrEqual(calls[i - 1][1]);
    // Progress within replications came through, not only the task ends.
    expect(calls.some(([f, n]) => f > 0 && f < 1 && f * tasks.length > n + 0.05)).toBe(true);
    // Non-decreasing fractions are checked deterministically below: on real threads a stale
    // report arrives after its task's result only now and then.
  });

  it('a progress report that arrives after its task finished neither lowers the fraction nor comes after the run', async () => {
    // Progress and results travel on different MessagePorts (a comlink proxy per task and the
    // worker's own port), whose relative order is not guaranteed: on worker threads a task's
    // early report (0.11) is now and then delivered after its result. This fake worker delivers
    // the report late every time.
    const lateReports: Spawn = () => {
      const inner = workerApi({ testHooks: false, exit: () => {} });
      return {
        api: {
          async runReplication(task: WireTask, onProgress?: (fraction: number) => void) {
            await new Promise((r) => setTimeout(r, 5));
            const result = await inner.runReplication(task);
            setTimeout(() => void onProgress?.(0.5), 0);
            return result;
          },
        } as unknown as WorkerHandle['api'],
        terminate: () => {},
        died: new Promise<string>(() => {}),
      };
    };
    const tasks = tasksOf(erlangShort(), 4);
    const calls: Array<[number, number]> = [];
    const afterRun: Array<[number, number]> = [];
    let settled = false;
    const pool = new WorkerPool(2, lateReports);
    const results = await pool.run(tasks, { onProgress: (f, n) => (settled ? afterRun : calls).push([f, n]) });
    settled = true;
    expect(results).toEqual(runTasksHere(tasks));
    await new Promise((r) => setTimeout(r, 20));
    pool.close();
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i][0], `report ${i}: ${JSON.stringify(calls.slice(Math.max(0, i - 2), i + 1))}`).toBeGreaterThanOrEqual(calls[i - 1][0]);
    }
    expect(calls[calls.length - 1], 'the last report before the run resolved').toEqual([1, tasks.length]);
    expect(afterRun, 'progress reports after the run resolved').toEqual([]);
  });

  it('runTasksHere reports fractions in [0, 1], non-decreasing, ending at 1', () => {
    const tasks = tasksOf(erlangShort(), 3);
    const fractions: number[] = [];
    runTasksHere(tasks, (f) => fractions.push(f));
    expect(fractions.length).toBeGreaterThan(3);
    for (let i = 0; i < fractions.length; i++) {
      expect(fractions[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : fractions[i - 1]);
      expect(fractions[i]).toBeLessThanOrEqual(1);
    }
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('runTasksHereCancellable gives what runTasksHere gives, counts finished replications, and stops between replications once aborted', async () => {
    const tasks = tasksOf(erlangShort(), 3);
    const reports: Array<[number, number]> = [];
    expect(await runTasksHereCancellable(tasks, { onProgress: (f, n) => reports.push([f, n]) })).toEqual(runTasksHere(tasks));
    expect(reports.at(-1)).toEqual([1, 3]);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i][0]).toBeGreaterThanOrEqual(reports[i - 1][0]);
      expect(reports[i][1]).toBeGreaterThanOrEqual(reports[i - 1][1]);
    }
    // Aborted after the first replication's end: the second never starts.
    const controller = new AbortController();
    const finished: number[] = [];
    const run = runTasksHereCancellable(tasks, {
      signal: controller.signal,
      onProgress: (f, n) => {
        finished.push(n);
        if (n === 1) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(Math.max(...finished)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sweep helpers', () => {
  it('expandValues: lists, ranges with steps, multipliers', () => {
    expect(expandValues('6..10:2')).toEqual(['6', '8', '10']);
    expect(expandValues('6..9')).toEqual(['6', '7', '8', '9']);
    expect(expandValues('x0.7,x1')).toEqual(['x0.7', 'x1']);
    expect(expandValues(' 6, 8 ,10 ')).toEqual(['6', '8', '10']);
    expect(expandValues('0.1..0.3:0.1')).toEqual(['0.1', '0.2', '0.3']);
    expect(expandValues('1,3..4')).toEqual(['1', '3', '4']);
  });

  it('expandValues: bad inputs throw with a clear message', () => {
    expect(() => expandValues('10..6')).toThrow(/bad range "10\.\.6": expected from\.\.to\[:step\]/);
    expect(() => expandValues('6..10:0')).toThrow(/bad range "6\.\.10:0"/);
    expect(() => expandValues('six')).toThrow(/bad value "six": expected a number, a range like 6\.\.14 or 6\.\.14:2, or a multiplier like x1\.2/);
    expect(() => expandValues('6,,x')).toThrow(/bad value "x"/);
    expect(() => expandValues('')).toThrow('no values to sweep');
    expect(() => expandValues(' , ')).toThrow('no values to sweep');
    expect(() => expandValues('1..5000')).toThrow(/at most 1000/);
    expect(() => expandValues('1..800,1..800')).toThrow(/1600 values: at most 1000/);
  });

  it('parsePath: fields, indices, [*] and [name=...]; a malformed path throws', () => {
    expect(parsePath('groups[name=L1].shifts[0].headcount')).toEqual([
      { key: 'groups' },
      { name: 'L1' },
      { key: 'shifts' },
      { index: 0 },
      { key: 'headcount' },
    ]);
    expect(parsePath('demand[*].arrivals.perWeek')).toEqual([{ key: 'demand' }, { all: true }, { key: 'arrivals' }, { key: 'perWeek' }]);
    expect(parsePath('horizonDays')).toEqual([{ key: 'horizonDays' }]);
    for (const bad of ['', 'groups[', 'groups[-1]', 'groups[name=]', 'groups.1', 'a b']) {
      expect(() => parsePath(bad), JSON.stringify(bad)).toThrow(/bad parameter path/);
    }
  });

  it('applyParam sets a value at a named group, scales every stream with [*] and x1.5, and leaves the input alone', () => {
    const desk = raw('seed-defaults');
    const before = JSON.stringify(desk);
    const l1 = applyParam(desk, 'groups[name=L1].shifts[0].headcount', '13') as any;
    expect(l1.groups.find((g: any) => g.name === 'L1').shifts[0].headcount).toBe(13);
    expect(l1.groups.find((g: any) => g.name === 'L2').shifts[0].headcount).toBe(5);
    expect(JSON.stringify(desk)).toBe(before);

    const busier = applyParam(desk, 'demand[*].arrivals.perWeek', 'x1.5') as any;
    const streams = desk.demand.filter((d: any) => typeof d.arrivals.perWeek === 'number');
    expect(streams.length).toBe(desk.demand.length);
    expect(streams.length).toBeGreaterThan(3);
    desk.demand.forEach((d: any, i: number) => expect(busier.demand[i].arrivals.perWeek, d.name).toBeCloseTo(d.arrivals.perWeek * 1.5, 12));
    expect(JSON.stringify(desk)).toBe(before);

    expect(() => applyParam(desk, 'groups[name=L9].shifts[0].headcount', '3')).toThrow('groups[name=L9].shifts[0].headcount: the scenario has nothing at that path');
    expect(() => applyParam(desk, 'demand[99].arrivals.perWeek', '3')).toThrow(/nothing at that path/);
    expect(() => applyParam(desk, 'groups[name=L1].nope.headcount', '3')).toThrow(/nothing at that path/);
    expect(() => applyParam(desk, 'name', 'x2')).toThrow(/"x2" multiplies a number/);
  });

  it('sweepJob builds one valid scenario per point, and rejects a value that makes the scenario invalid naming the point', () => {
    const job = sweepJob(erlangRaw(), [{ path: 'groups[name=agents].headcount', values: ['13', 'x1.5'] }], 1, 2);
    expect(job.points).toEqual([['13'], ['x1.5']]);
    expect(job.scenarios.map((s) => s.groups[0].headcount)).toEqual([13, 21]);
    const grid = sweepJob(
      erlangRaw(),
      [
        { path: 'groups[name=agents].headcount', values: ['14', '15'] },
        { path: 'demand[*].arrivals.perHour', values: ['x0.5', 'x1', 'x1.1'] },
      ],
      1,
      2,
    );
    expect(grid.points).toHaveLength(6);
    expect(grid.points[1]).toEqual(['14', 'x1']);
    expect(() => sweepJob(erlangRaw(), [{ path: 'groups[name=agents].headcount', values: ['14', '-2'] }], 1, 2)).toThrow(/^at groups\[name=agents\]\.headcount = -2: /);
    expect(() => sweepJob(erlangRaw(), [{ path: 'groups[name=agents].headcount', values: ['x1.3'] }], 1, 2)).toThrow(/at groups\[name=agents\]\.headcount = x1\.3: /);
    expect(() => sweepJob(erlangRaw(), [], 1, 2)).toThrow(/one or two parameters/);
  });

  it('the CLI sweep reports a bad value as a one-line reason with exit 1', async () => {
    const r = await cli(['sweep', erlangFile, '--param', 'groups[name=agents].headcount', '--values', '14,-2', '--replications', '1']);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^supportsim: sweep: at groups\[name=agents\]\.headcount = -2: /);
    expect(r.stderr).not.toMatch(STACK);
  });
});
