import type { Scenario } from '../sim/model/scenario.js';
import { planHeadcount, type Evaluate, type PlanOptions, type PlanProgress, type PlanResult } from '../sim/planner/search.js';
import type { ReplicationResult } from '../sim/replication.js';
import { runTasksHereCancellable } from './experiments.js';
import { nodePool } from './nodePool.js';
import type { WorkerPool } from './pool.js';
import type { ReplicationTask } from './protocol.js';

/**
 * The capacity planner on worker threads: sim/planner/search.ts decides which rosters to simulate
 * and how many replications each needs; this runs each batch of them on a pool. Replication r of
 * every roster uses the same seed (common random numbers), in any worker, in any order.
 */

/** Runs replication tasks and returns their results in task order: the pool's run, or this thread's. */
type RunTasks = (
  tasks: readonly ReplicationTask[],
  options: { signal?: AbortSignal; onProgress?: (fraction: number, finished: number) => void },
) => Promise<ReplicationResult[]>;

interface EvaluatorOptions {
  signal?: AbortSignal;
  onProgress?: (finished: number, total: number) => void;
}

/** An evaluator running each batch (every candidate x every replication) as one list of tasks. */
function evaluatorOn(runTasks: RunTasks, options: EvaluatorOptions): Evaluate {
  return async (candidates, replications) => {
    const tasks: ReplicationTask[] = candidates.flatMap((scenario) =>
      replications.map((replication) => ({ scenario, seed: scenario.seed, replication })),
    );
    const results = await runTasks(tasks, {
      signal: options.signal,
      onProgress: options.onProgress && ((_, finished) => options.onProgress?.(finished, tasks.length)),
    });
    return candidates.map((_, c) => results.slice(c * replications.length, (c + 1) * replications.length));
  };
}

export function poolEvaluator(pool: WorkerPool, options: EvaluatorOptions = {}): Evaluate {
  return evaluatorOn((tasks, o) => pool.run(tasks, o), options);
}

/** In this thread, a Ctrl-C (an abort) seen between replications (runTasksHereCancellable). */
export function threadEvaluator(options: EvaluatorOptions = {}): Evaluate {
  return evaluatorOn(runTasksHereCancellable, options);
}

export interface PlanRunOptions extends Omit<PlanOptions, 'evaluate' | 'signal' | 'onProgress'> {
  /** Worker threads; 0 runs in this thread. */
  workers: number;
  signal?: AbortSignal;
  /** The planner's phase and counts, plus the replications finished in the current batch. */
  onProgress?: (progress: PlanProgress & { batchFinished: number; batchTotal: number }) => void;
}

/** Plan a scenario on `workers` threads (the pool lives as long as the plan). */
export async function planOnWorkers(scenario: Scenario, options: PlanRunOptions): Promise<PlanResult> {
  const { workers, signal, onProgress, ...rest } = options;
  let last: PlanProgress = { phase: 'baseline', replications: 0, budget: rest.budget ?? 0, candidates: 0 };
  const batch = (finished: number, total: number) => onProgress?.({ ...last, batchFinished: finished, batchTotal: total });
  const plannerProgress = (p: PlanProgress) => {
    last = p;
    onProgress?.({ ...p, batchFinished: 0, batchTotal: 0 });
  };
  if (workers === 0) {
    return planHeadcount(scenario, { ...rest, evaluate: threadEvaluator({ signal, onProgress: batch }), signal, onProgress: plannerProgress });
  }
  const pool = nodePool(workers);
  try {
    return await planHeadcount(scenario, { ...rest, evaluate: poolEvaluator(pool, { signal, onProgress: batch }), signal, onProgress: plannerProgress });
  } finally {
    pool.close();
  }
}
