/// <reference types="vite/client" />
import * as Comlink from 'comlink';
// highs.wasm served by Vite (the package exports it as `highs/runtime`): the solver's loader would
// otherwise look for it beside its own pre-bundled copy, where Vite does not put it.
import highsWasmUrl from 'highs/runtime?url';
import { parseScenario } from '../scenarios/parse.js';
import type { ComplianceTarget, Scenario } from '../sim/model/scenario.js';
import { applyPlan, planHeadcount, type Evaluate, type PlanProgress, type PlanResult } from '../sim/planner/search.js';
import { highsSolver } from '../sim/planner/shifts.js';
import { browserPool } from '../workers/browserPool.js';
import type { WorkerPool } from '../workers/pool.js';
import type { ReplicationTask } from '../workers/protocol.js';

/**
 * The capacity planner off the page's thread. This worker runs sim/planner/search.ts (validation,
 * the Erlang start, the shift cover program on HiGHS, the search's bookkeeping) and gives each batch
 * of replications to a pool of replication workers of its own (workers/browserPool.ts, nested in
 * this one), exactly as `supportsim plan` does on worker threads: same seeds, same numbers. The
 * page only sends the request, receives throttled progress and the finished plan.
 */

export interface PlanRequest {
  /** The scenario as stored (raw JSON); validated here. */
  raw: unknown;
  /** Replaces the scenario's compliance targets when given (the view's targets form). */
  targets?: ComplianceTarget[];
  confidence: number;
  /** Most replications per roster (the planner's `maxReplications`; the report uses up to 20 of them). */
  maxReplications: number;
  patterns: 'scenario' | 'generated';
  /** Name of the scenario `applyPlan` makes from the plan. */
  planName: string;
}

export interface PlanProgressReport extends PlanProgress {
  /** Share of the current batch of replications done, in [0, 1]. */
  batchFraction: number;
  batchTotal: number;
}

export type PlanReply =
  | {
      ok: true;
      result: PlanResult;
      /** The validated scenario planned (with the targets planned for). */
      scenario: Scenario;
      /** The scenario with the plan's roster: what "save the plan as a new scenario" stores. */
      planned: Scenario;
      /** Why `planned` would not load as a scenario (empty: it is valid). */
      plannedErrors: string[];
      wallMs: number;
      workers: number;
    }
  | { ok: false; kind: 'invalid' | 'cancelled'; errors: string[] };

export interface PlannerWorkerApi {
  plan(request: PlanRequest, onProgress: (progress: PlanProgressReport) => void): Promise<PlanReply>;
  /** Stop the running plan (its replication workers are terminated at once). */
  cancel(): void;
}

const solver = highsSolver({
  locateFile: (file) => (file.endsWith('.wasm') ? new URL(highsWasmUrl, self.location.href).href : file),
});

let controller: AbortController | null = null;

/** Every candidate x every replication as pool tasks (jobTasks-style: the seed is the candidate's). */
function poolEvaluator(pool: WorkerPool, signal: AbortSignal, onBatch: (fraction: number, total: number) => void): Evaluate {
  return async (candidates, replications) => {
    const tasks: ReplicationTask[] = candidates.flatMap((scenario) => replications.map((replication) => ({ scenario, seed: scenario.seed, replication })));
    onBatch(0, tasks.length);
    const results = await pool.run(tasks, { signal, onProgress: (fraction) => onBatch(fraction, tasks.length) });
    const n = replications.length;
    return candidates.map((_, c) => results.slice(c * n, (c + 1) * n));
  };
}

const api: PlannerWorkerApi = {
  async plan(request, onProgress) {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const raw = request.targets ? { ...(request.raw as Record<string, unknown>), targets: request.targets } : request.raw;
    const parsed = parseScenario(raw);
    if (!parsed.ok) return { ok: false, kind: 'invalid', errors: parsed.errors };
    const scenario = parsed.scenario;
    const pool = browserPool();
    const started = performance.now();
    let last: PlanProgress = { phase: 'baseline', replications: 0, budget: 0, candidates: 0 };
    let batch = { fraction: 0, total: 0 };
    let lastSent = 0;
    // Progress at most every 100 ms (and at every phase change): the page redraws once a frame anyway.
    const send = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastSent < 100) return;
      lastSent = now;
      void onProgress({ ...last, batchFraction: batch.fraction, batchTotal: batch.total });
    };
    try {
      const result = await planHeadcount(scenario, {
        confidence: request.confidence,
        maxReplications: request.maxReplications,
        reportReplications: Math.min(20, request.maxReplications),
        patterns: request.patterns,
        solver,
        signal: own.signal,
        evaluate: poolEvaluator(pool, own.signal, (fraction, total) => {
          batch = { fraction, total };
          send(false);
        }),
        onProgress: (p) => {
          const phaseChanged = p.phase !== last.phase;
          last = p;
          batch = { fraction: 0, total: 0 };
          send(phaseChanged);
        },
      });
      const planned = applyPlan(scenario, result.groups, request.planName);
      const check = parseScenario(JSON.parse(JSON.stringify(planned)));
      const plannedErrors = check.ok ? [] : check.errors;
      return { ok: true, result, scenario, planned, plannedErrors, wallMs: performance.now() - started, workers: pool.size };
    } catch (e) {
      if (own.signal.aborted) return { ok: false, kind: 'cancelled', errors: [] };
      throw e;
    } finally {
      pool.close();
      if (controller === own) controller = null;
    }
  },
  cancel() {
    controller?.abort();
  },
};

Comlink.expose(api);
