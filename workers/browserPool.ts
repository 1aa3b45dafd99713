import * as Comlink from 'comlink';
import { WorkerPool, type Spawn } from './pool.js';
import type { WorkerApi } from './protocol.js';

/**
 * The pool on browser Web Workers: the same WorkerPool and the same worker API as in Node, with
 * module workers that Vite bundles from worker.browser.ts.
 */
export function browserSpawn(): Spawn {
  return () => {
    // Written out in full: Vite finds and bundles workers by this exact pattern.
    const worker = new Worker(new URL('./worker.browser.ts', import.meta.url), { type: 'module' });
    let terminated = false;
    const died = new Promise<string>((resolve) => {
      worker.addEventListener('error', (e) => {
        if (!terminated) resolve(`the worker crashed: ${e.message || 'an error it could not report'}`);
      });
      worker.addEventListener('messageerror', () => {
        if (!terminated) resolve('the worker sent a message that could not be read');
      });
    });
    return {
      api: Comlink.wrap<WorkerApi>(worker),
      terminate: () => {
        terminated = true;
        worker.terminate();
      },
      died,
    };
  };
}

/** One worker per logical core the browser reports (at least one, at most eight). */
export function browserPool(size = Math.min(8, Math.max(1, navigator.hardwareConcurrency || 2))): WorkerPool {
  return new WorkerPool(size, browserSpawn());
}
