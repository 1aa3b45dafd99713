import * as Comlink from 'comlink';
import type { CalibrationWorkerApi, ImportProblem, ImportProgress, ImportReply } from '../calibration.worker.js';
import type { ImportPlan } from './importOptions.js';

/**
 * One import from the page: the file is read and fitted in ui/calibration.worker.ts, never on the
 * page's thread. Like the planner's session it outlives the view: leave #/import while a big log is
 * read and come back to its progress or its report.
 */

export type ImportState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ImportRun {
  fileName: string;
  fileSize: number;
  plan: ImportPlan;
}

export interface ImportOutcome {
  run: ImportRun;
  reply: Extract<ImportReply, { ok: true }>;
  finishedAt: Date;
  /** Store id of the scenario saved from this import, once saved. */
  savedId?: string;
}

export class ImportSession extends EventTarget {
  state: ImportState = 'idle';
  run: ImportRun | null = null;
  progress: ImportProgress = { phase: 'reading', fraction: 0, rows: 0 };
  /** The last import that finished; kept while a new one runs, and after one fails or is cancelled. */
  outcome: ImportOutcome | null = null;
  /** Why the last import stopped (failed or cancelled). */
  problem: ImportProblem | null = null;
  startedAt = 0;
  private helper: { worker: Worker; api: Comlink.Remote<CalibrationWorkerApi>; failed: Promise<never> } | null = null;
  private generation = 0;

  get running(): boolean {
    return this.state === 'running';
  }

  async start(file: File, plan: ImportPlan): Promise<void> {
    if (this.running) this.cancel();
    const generation = ++this.generation;
    this.run = { fileName: file.name, fileSize: file.size, plan };
    this.problem = null;
    this.progress = { phase: 'reading', fraction: 0, rows: 0 };
    this.state = 'running';
    this.startedAt = performance.now();
    performance.mark('supportsim:import-start');
    this.emit();
    const onProgress = Comlink.proxy((p: ImportProgress) => {
      if (generation !== this.generation || !this.running) return;
      this.progress = p;
      this.emit('progress');
    });
    const helper = this.worker();
    try {
      const reply = await Promise.race([helper.api.importHistory(file, file.name, plan, onProgress), helper.failed]);
      if (generation !== this.generation) return;
      if (reply.ok) {
        this.outcome = { run: this.run, reply, finishedAt: new Date() };
        this.finish('done', null);
      } else {
        this.finish(reply.kind === 'cancelled' ? 'cancelled' : 'failed', reply.problem);
      }
    } catch (e) {
      if (generation !== this.generation) return;
      this.dropWorker();
      this.finish('failed', { message: `the import stopped unexpectedly: ${(e as Error).message}` });
    }
  }

  /**
   * Stop now. While reading, the worker stops between two chunks and is kept; while fitting (one
   * synchronous computation) it is terminated, and the next import starts a fresh one.
   */
  cancel(): void {
    if (!this.running) return;
    if (this.progress.phase === 'reading') void this.helper?.api.cancel();
    else this.dropWorker();
    this.generation++;
    this.finish('cancelled', { message: 'cancelled' });
  }

  markSaved(id: string): void {
    if (this.outcome) this.outcome = { ...this.outcome, savedId: id };
    this.emit();
  }

  private worker() {
    if (!this.helper) {
      const worker = new Worker(new URL('../calibration.worker.ts', import.meta.url), { type: 'module' });
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (e) => reject(new Error(`the import worker crashed: ${e.message || 'an error it could not report'}`)));
      });
      failed.catch(() => {});
      this.helper = { worker, api: Comlink.wrap<CalibrationWorkerApi>(worker), failed };
    }
    return this.helper;
  }

  private dropWorker(): void {
    this.helper?.worker.terminate();
    this.helper = null;
  }

  private finish(state: ImportState, problem: ImportProblem | null): void {
    performance.mark('supportsim:import-end');
    this.state = state;
    this.problem = problem;
    this.emit();
  }

  private emit(kind: 'change' | 'progress' = 'change'): void {
    this.dispatchEvent(new Event(kind));
  }
}

/** The one import of the page (the view comes and goes; the import keeps running). */
export const importSession = new ImportSession();
