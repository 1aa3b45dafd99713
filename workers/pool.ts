import * as Comlink from 'comlink';
import type { ReplicationResult } from '../sim/replication.js';
import type { ReplicationTask, WorkerApi } from './protocol.js';

/** A started worker, whatever the platform: its comlink proxy, a way to stop it, and its death. */
export interface WorkerHandle {
  api: Comlink.Remote<WorkerApi>;
  terminate(): void;
  /** Settles with a reason if the worker dies on its own (a crash, an exit), never on terminate(). */
  died: Promise<string>;
}

export type Spawn = () => WorkerHandle;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface PoolRunOptions {
  /** Share of all the tasks done, in [0, 1], and how many have finished. */
  onProgress?: (fraction: number, finished: number) => void;
  signal?: AbortSignal;
}

interface Slot {
  handle: WorkerHandle | null;
}

/**
 * A fixed number of workers taking replications from a shared list. Results come back in task
 * order whatever finishes first, and each replication's random streams derive from (seed,
 * replication index) only, so 1 worker or 8, in a browser or in Node, give the same numbers.
 *
 * A replication that throws, or a worker that dies, fails the run with an error naming the
 * scenario and the replication; the workers are replaced and the pool keeps working. Cancelling
 * terminates the busy workers at once rather than waiting for their replications to end.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly spawn: Spawn,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a pool needs at least one worker, got ${size}`);
    this.slots = Array.from({ length: size }, () => ({ handle: null }));
  }

  async run(tasks: readonly ReplicationTask[], options: PoolRunOptions = {}): Promise<ReplicationResult[]> {
    if (this.closed) throw new Error('the worker pool is closed');
    const results: ReplicationResult[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    let next = 0;
    let finished = 0;
    let failure: Error | null = null;
    let done = false;
    const report = () => {
      let sum = 0;
      for (let i = 0; i < progress.length; i++) sum += progress[i];
      options.onProgress?.(tasks.length > 0 ? sum / tasks.length : 1, finished);
    };
    const signal = options.signal;
    if (signal?.aborted) throw new CancelledError();

    // Settles (rejects) when the run stops early, so replications in flight on terminated
    // workers stop waiting for answers that will never come.
    let stopAll: () => void = () => {};
    const stopped = new Promise<never>((_, reject) => {
      stopAll = () => reject(new CancelledError());
    });
    stopped.catch(() => {});
    const stop = (reason: Error) => {
      if (failure !== null) return;
      failure = reason;
      this.stopBusy();
      stopAll();
    };
    const onAbort = () => stop(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });

    const work = async (s: number): Promise<void> => {
      while (failure === null && next < tasks.length) {
        const index = next++;
        const task = tasks[index];
        const slot = this.slots[s];
        const handle = (slot.handle ??= this.spawn());
        try {
          // A progress channel costs a message port per task: only open one when someone listens.
          const onTaskProgress = options.onProgress
            ? Comlink.proxy((fraction: number) => {
                // Progress and results travel on different ports, so a late report can arrive after
                // the result: never move a task backwards, nor report once the run has stopped.
                if (failure !== null || done || fraction <= progress[index]) return;
                progress[index] = fraction;
                report();
              })
            : undefined;
          const result = await Promise.race([
            handle.api.runReplication(task, onTaskProgress),
            handle.died.then((reason) => Promise.reject(new Error(reason))),
            stopped,
          ]);
          results[index] = result;
          progress[index] = 1;
          finished++;
          report();
        } catch (e) {
          // The first failure stops the others now: their work is lost with this run anyway.
          stop(e instanceof CancelledError ? e : new Error(`scenario "${task.scenario.name}", replication ${task.replication}: ${(e as Error).message}`));
        }
      }
    };
    try {
      await Promise.all(this.slots.map((_, s) => work(s)));
    } finally {
      done = true;
      signal?.removeEventListener('abort', onAbort);
    }
    if (failure) throw failure;
    return results;
  }

  /** Terminate every worker; a later run starts fresh ones. */
  private stopBusy(): void {
    for (const slot of this.slots) {
      if (!slot.handle) continue;
      slot.handle.terminate();
      slot.handle = null;
    }
  }

  close(): void {
    this.closed = true;
    this.stopBusy();
  }
}
