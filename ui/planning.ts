import * as Comlink from 'comlink';
import type { ComplianceTarget, Scenario } from '../sim/model/scenario.js';
import type { PlanResult } from '../sim/planner/search.js';
import type { PlannerWorkerApi, PlanProgressReport, PlanRequest } from './planner.worker.js';

/**
 * A capacity plan run from the app: the planner runs in a worker (ui/planner.worker.ts) with its own
 * pool of replication workers, never on the page's thread. Like the comparison session, it outlives
 * the view: leave #/planner during a plan and come back to its progress or its result.
 */

export interface PlanRun {
  /** Store id of the scenario planned ('bundled:seed-defaults', 'user:3') and its name. */
  id: string;
  name: string;
  confidence: number;
  maxReplications: number;
  patterns: 'scenario' | 'generated';
  /** The targets planned for, when the form changed the scenario's. */
  targets?: ComplianceTarget[];
}

export interface PlanOutcome {
  run: PlanRun;
  result: PlanResult;
  scenario: Scenario;
  planned: Scenario;
  /** Why `planned` would not load as a scenario (empty: it is valid and can be saved). */
  plannedErrors: string[];
  wallMs: number;
  workers: number;
  finishedAt: Date;
  /** Store id of the scenario saved from this plan, once saved. */
  savedId?: string;
}

export type PlanState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface PlanProgressView {
  /** An estimate in [0, 1]: the search's length is not known in advance. */
  fraction: number;
  text: string;
}

export const CONFIDENCES = [0.8, 0.9, 0.95, 0.99] as const;
export const REPLICATION_CAPS = [5, 10, 20, 40] as const;

const PHASE_WORDS: Record<PlanProgressReport['phase'], string> = {
  baseline: 'Erlang starting point',
  feasibility: 'checking which targets can be met at all',
  search: 'searching for the cheapest roster',
  report: 'checking the plan: trade-offs and sensitivity',
};

/**
 * The progress bar's position from the planner's phase: the Erlang start first, then which targets
 * can be met (to 20%), the search (to 75%, approaching it as replications add up: its length depends
 * on how far the start is from the answer) and the report (to 100%, batch by batch).
 */
export function planFraction(p: PlanProgressReport, maxReplications: number): number {
  switch (p.phase) {
    case 'baseline':
      return 0.02;
    case 'feasibility':
      return 0.02 + 0.18 * Math.min(1, p.replications / (6 * maxReplications) + 0.3 * p.batchFraction);
    case 'search':
      return 0.2 + 0.55 * (1 - Math.exp(-p.replications / (25 * maxReplications)));
    case 'report':
      return 0.75 + 0.25 * p.batchFraction;
  }
}

export function planProgressText(p: PlanProgressReport): string {
  const done = p.replications + Math.round(p.batchFraction * p.batchTotal);
  const best = p.bestCost === undefined ? '' : `; cheapest roster meeting the targets so far: ${Math.round(p.bestCost).toLocaleString('en-US')} a week`;
  return `${PHASE_WORDS[p.phase]}: ${done.toLocaleString('en-US')} replications of ${p.candidates} rosters${best}`;
}

export class PlannerSession extends EventTarget {
  state: PlanState = 'idle';
  run: PlanRun | null = null;
  progress: PlanProgressView = { fraction: 0, text: '' };
  /** The last plan that finished; kept while a new one runs or after one is cancelled. */
  outcome: PlanOutcome | null = null;
  message: string | null = null;
  /** Why the scenario (with the form's targets) could not be planned. */
  errors: string[] = [];
  startedAt = 0;
  private helper: { worker: Worker; api: Comlink.Remote<PlannerWorkerApi>; failed: Promise<never> } | null = null;
  private generation = 0;

  get running(): boolean {
    return this.state === 'running';
  }

  async start(run: PlanRun, raw: unknown): Promise<void> {
    if (this.running) this.cancel();
    const generation = ++this.generation;
    this.run = run;
    this.message = null;
    this.errors = [];
    this.progress = { fraction: 0, text: 'Starting the planner…' };
    this.state = 'running';
    this.startedAt = performance.now();
    performance.mark('supportsim:plan-start');
    this.emit();
    const request: PlanRequest = {
      raw,
      targets: run.targets,
      confidence: run.confidence,
      maxReplications: run.maxReplications,
      patterns: run.patterns,
      planName: planName(run.name, run.confidence),
    };
    let fraction = 0;
    const onProgress = Comlink.proxy((p: PlanProgressReport) => {
      if (generation !== this.generation || !this.running) return;
      // Never backwards: the estimate may dip when a phase's batches are uneven.
      fraction = Math.max(fraction, Math.min(0.99, planFraction(p, run.maxReplications)));
      this.progress = { fraction, text: planProgressText(p) };
      this.emit('progress');
    });
    for (let attempt = 1; ; attempt++) {
      const helper = this.worker();
      try {
        const reply = await Promise.race([helper.api.plan(request, onProgress), helper.failed]);
        if (generation !== this.generation) return;
        if (reply.ok) {
          this.outcome = { run, result: reply.result, scenario: reply.scenario, planned: reply.planned, plannedErrors: reply.plannedErrors, wallMs: reply.wallMs, workers: reply.workers, finishedAt: new Date() };
          this.finish('done', null);
        } else if (reply.kind === 'invalid') {
          this.errors = reply.errors;
          this.finish('failed', `"${run.name}" cannot be planned: ${reply.errors[0]}${reply.errors.length > 1 ? ` (and ${reply.errors.length - 1} more)` : ''}`);
        } else {
          this.finish('cancelled', cancelledText(this.outcome));
        }
        return;
      } catch (e) {
        if (generation !== this.generation) return;
        // A planner worker that failed is replaced. One whose code could not load a module (the
        // solver is loaded lazily; a development server may have rebuilt it since the worker
        // started) gets a second chance in a fresh worker, at once: nothing was simulated yet.
        helper.worker.terminate();
        if (this.helper === helper) this.helper = null;
        if (attempt === 1 && /dynamically imported module|module script failed|error loading/i.test((e as Error).message)) continue;
        this.finish('failed', `The plan failed: ${(e as Error).message}`);
        return;
      }
    }
  }

  cancel(): void {
    if (!this.running) return;
    // The worker stops the search and terminates its replication workers; the page stops waiting now.
    void this.helper?.api.cancel();
    this.generation++;
    this.finish('cancelled', cancelledText(this.outcome));
  }

  /** Remember that the current outcome was saved as `id`. */
  markSaved(id: string): void {
    if (this.outcome) this.outcome = { ...this.outcome, savedId: id };
    this.emit();
  }

  private worker() {
    if (!this.helper) {
      const worker = new Worker(new URL('./planner.worker.ts', import.meta.url), { type: 'module' });
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (e) => reject(new Error(`the planner worker crashed: ${e.message || 'an error it could not report'}`)));
      });
      failed.catch(() => {});
      this.helper = { worker, api: Comlink.wrap<PlannerWorkerApi>(worker), failed };
    }
    return this.helper;
  }

  private finish(state: PlanState, message: string | null): void {
    performance.mark('supportsim:plan-end');
    this.state = state;
    this.message = message;
    this.emit();
  }

  private emit(kind: 'change' | 'progress' = 'change'): void {
    this.dispatchEvent(new Event(kind));
  }
}

function cancelledText(previous: PlanOutcome | null): string {
  return `Cancelled: no new plan.${previous ? ` The plan below is the previous one (${previous.run.name}).` : ''}`;
}

/**
 * The name of the scenario saved from a plan: 'seed-defaults (plan)', or 'seed-defaults (plan 99)'
 * at another confidence than 95% (scenario names allow letters, digits, spaces and _ + - / ( ) only).
 */
export function planName(name: string, confidence: number): string {
  const level = Math.round(confidence * 1000) / 10;
  const suffix = level === 95 ? ' (plan)' : ` (plan ${String(level).replace('.', '-')})`;
  return `${name.slice(0, 80 - suffix.length)}${suffix}`;
}

/** The one planner of the page (the view comes and goes; the plan keeps running). */
export const plannerSession = new PlannerSession();
