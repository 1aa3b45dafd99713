import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WorkerPool, type Spawn } from './pool.js';
import type { WorkerApi } from './protocol.js';

/**
 * The pool on Node worker threads. The worker runs the compiled JavaScript (`npm install` and
 * `npm test` build dist/ first), also when this module itself is loaded from TypeScript by Vitest.
 */
export function nodeSpawn(options: { testHooks?: boolean } = {}): Spawn {
  const here = import.meta.url;
  const file = here.endsWith('.ts') ? new URL('../dist/workers/worker.node.js', here) : new URL('./worker.node.js', here);
  return () => {
    const worker = new Worker(file, { workerData: { testHooks: options.testHooks === true } });
    let terminated = false;
    const died = new Promise<string>((resolve) => {
      worker.on('error', (e) => {
        if (!terminated) resolve(`the worker crashed: ${e.message}`);
      });
      worker.on('exit', (code) => {
        if (!terminated) resolve(`the worker stopped unexpectedly (exit code ${code})`);
      });
    });
    return {
      api: Comlink.wrap<WorkerApi>(nodeEndpoint(worker)),
      terminate: () => {
        terminated = true;
        void worker.terminate();
      },
      died,
    };
  };
}

export function nodePool(size: number, options: { testHooks?: boolean } = {}): WorkerPool {
  return new WorkerPool(size, nodeSpawn(options));
}

/** One worker per core by default. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}
