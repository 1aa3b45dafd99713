import * as Comlink from 'comlink';
import type { TraceReply, TraceRequest, TrainingWorkerApi } from '../training.worker.js';

/**
 * The page's side of the training worker: one worker for the page, made on first use and kept
 * (the view comes and goes). A newer request makes older answers stale: `record` then resolves
 * to null, so a slider dragged quickly only ever shows the trace of where it stopped.
 */
let helper: { worker: Worker; api: Comlink.Remote<TrainingWorkerApi>; failed: Promise<never> } | null = null;
let generation = 0;

function worker() {
  if (!helper) {
    const w = new Worker(new URL('../training.worker.ts', import.meta.url), { type: 'module' });
    const failed = new Promise<never>((_, reject) => {
      w.addEventListener('error', (e) => reject(new Error(`the training worker crashed: ${e.message || 'an error it could not report'}`)));
    });
    failed.catch(() => {});
    helper = { worker: w, api: Comlink.wrap<TrainingWorkerApi>(w), failed };
  }
  return helper;
}

export async function recordTrace(request: TraceRequest): Promise<TraceReply | null> {
  const mine = ++generation;
  const h = worker();
  try {
    const reply = await Promise.race([h.api.record(request), h.failed]);
    return mine === generation ? reply : null;
  } catch (e) {
    // A crashed worker is replaced on the next request.
    h.worker.terminate();
    if (helper === h) helper = null;
    if (mine !== generation) return null;
    throw e;
  }
}

/** Forget any request in flight (its answer will be dropped). */
export function abandonTraces(): void {
  generation++;
}
