import * as Comlink from 'comlink';
import type { Scenario } from '../sim/model/scenario.js';
import { browserPool } from '../workers/browserPool.js';
import { jobTasks, type CompareJob, type CompareOutput } from '../workers/experiments.js';
import { CancelledError, type WorkerPool } from '../workers/pool.js';
import type { ComparisonWorkerApi } from './comparison.worker.js';

export { TOTAL_BACKLOG } from './totals.js';

/**
 * A comparison run in the browser's worker pool, never on the page's thread. The session outlives
 * the views: leave the Compare view during a run and come back to its progress or its result. Views
 * follow it through events ('change'), as a chart follows a simulation's ticks.
 */

export interface ComparisonEntry {
  /** Store id ('bundled:seed-defaults', 'user:3'). */
  id: string;
  /** The name shown for it; unique within the comparison. */
  label: string;
  raw: unknown;
}

export interface ComparisonRequest {
  /** 2 to 4 scenarios; the first is the baseline. */
  entries: ComparisonEntry[];
  replications: number;
  seed: number;
}

export interface ComparisonResult {
  request: ComparisonRequest;
  /** Validated scenarios in request order, each named by its label. */
  scenarios: Scenario[];
  output: CompareOutput;
  wallMs: number;
  finishedAt: Date;
}

export type SessionState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export class InvalidScenarioError extends Error {
  constructor(
    readonly label: string,
    readonly id: string,
    readonly errors: string[],
  ) {
    super(`"${label}" is not a valid scenario: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
    this.name = 'InvalidScenarioError';
  }
}

export const MAX_SCENARIOS = 4;
export const MAX_REPLICATIONS = 500;

export class ComparisonSession extends EventTarget {
  state: SessionState = 'idle';
  /** The running (or last) request. */
  request: ComparisonRequest | null = null;
  progress = { fraction: 0, finished: 0, total: 0 };
  /** The last comparison that finished; kept while a new one runs or after one is cancelled. */
  result: ComparisonResult | null = null;
  /** Why the last run failed or stopped. */
  message: string | null = null;
  invalid: InvalidScenarioError | null = null;
  private pool: WorkerPool | null = null;
  private controller: AbortController | null = null;
  private helper: { worker: Worker; api: Comlink.Remote<ComparisonWorkerApi>; failed: Promise<never> } | null = null;

  get running(): boolean {
    return this.state === 'running';
  }

  async run(request: ComparisonRequest): Promise<void> {
    if (this.running) this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    this.request = request;
    this.message = null;
    this.invalid = null;
    const n = request.entries.length;
    this.progress = { fraction: 0, finished: 0, total: n * request.replications };
    this.state = 'running';
    performance.mark('supportsim:run-start');
    this.emit();
    const started = performance.now();
    try {
      const job = await this.job(request);
      if (this.controller !== controller) return;
      if (controller.signal.aborted) throw new CancelledError();
      const tasks = jobTasks(job);
      this.pool ??= browserPool();
      const results = await this.pool.run(tasks, {
        signal: controller.signal,
        onProgress: (fraction, finished) => {
          if (this.controller !== controller) return;
          this.progress = { fraction, finished, total: tasks.length };
          this.emit('progress');
        },
      });
      if (this.controller !== controller) return;
      performance.mark('supportsim:results-received');
      const output = await this.call((api) => api.assemble(job, results));
      if (this.controller !== controller) return;
      performance.mark('supportsim:assembled');
      this.result = { request, scenarios: job.scenarios, output, wallMs: performance.now() - started, finishedAt: new Date() };
      this.finish('done', null);
    } catch (e) {
      if (this.controller !== controller) return;
      if (e instanceof CancelledError) this.finish('cancelled', 'Cancelled: no new results. The results below, if any, are from the previous run.');
      else if (e instanceof InvalidScenarioError) {
        this.invalid = e;
        this.finish('failed', e.message);
      } else this.finish('failed', `The comparison failed: ${(e as Error).message}`);
    }
  }

  /** The job: every scenario validated (in the helper worker), renamed to its unique label. */
  private async job(request: ComparisonRequest): Promise<CompareJob> {
    checkRequest(request);
    const parsed = await this.call((api) => api.validate(request.entries.map((e) => e.raw)));
    const scenarios = parsed.map((p, i) => {
      const entry = request.entries[i];
      if (!p.ok) throw new InvalidScenarioError(entry.label, entry.id, p.errors);
      // The name keys results and deltas: the label is unique where names may repeat (copies).
      return { ...p.scenario, name: entry.label };
    });
    return { kind: 'compare', seed: request.seed, replications: request.replications, scenarios };
  }

  /** A call to the helper worker (started on first use, restarted after a crash). */
  private async call<T>(work: (api: Comlink.Remote<ComparisonWorkerApi>) => Promise<T>): Promise<T> {
    if (!this.helper) {
      const worker = new Worker(new URL('./comparison.worker.ts', import.meta.url), { type: 'module' });
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (e) => reject(new Error(`the helper worker crashed: ${e.message || 'an error it could not report'}`)));
      });
      failed.catch(() => {});
      this.helper = { worker, api: Comlink.wrap<ComparisonWorkerApi>(worker), failed };
    }
    const helper = this.helper;
    // Cancel stops waiting at once; the helper's work is short and its answer is then ignored.
    const cancelled = new Promise<never>((_, reject) => {
      const signal = this.controller?.signal;
      if (signal?.aborted) reject(new CancelledError());
      signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
    });
    cancelled.catch(() => {});
    try {
      return await Promise.race([work(helper.api), helper.failed, cancelled]);
    } catch (e) {
      if (!(e instanceof CancelledError)) {
        helper.worker.terminate();
        if (this.helper === helper) this.helper = null;
      }
      throw e;
    }
  }

  cancel(): void {
    if (!this.running) return;
    this.controller?.abort();
  }

  private finish(state: SessionState, message: string | null): void {
    performance.mark('supportsim:run-end');
    this.state = state;
    this.message = message;
    this.controller = null;
    this.emit();
  }

  private emit(kind: 'change' | 'progress' = 'change'): void {
    this.dispatchEvent(new Event(kind));
  }
}

/** The request's shape: 2 to 4 scenarios, 2 to MAX_REPLICATIONS replications. */
export function checkRequest(request: ComparisonRequest): void {
  if (request.entries.length < 2 || request.entries.length > MAX_SCENARIOS) {
    throw new Error(`Choose between 2 and ${MAX_SCENARIOS} scenarios to compare (${request.entries.length} chosen).`);
  }
  if (!(Number.isInteger(request.replications) && request.replications >= 2 && request.replications <= MAX_REPLICATIONS)) {
    throw new Error(`Replications must be a whole number from 2 to ${MAX_REPLICATIONS} (a confidence interval needs at least 2).`);
  }
}

/** Labels for scenarios whose names may repeat: the second 'X' becomes 'X #2'. */
export function uniqueLabels(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  });
}

