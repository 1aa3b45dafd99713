import * as Comlink from 'comlink';
import type { Scenario } from '../sim/model/scenario.js';
import type { ReplicationResult } from '../sim/replication.js';
import { unpackResult, type ReplicationTask, type WireTask, type WorkerApi } from './protocol.js';

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
  /** The key of the scenario the worker holds: the one the last task sent to it carried, or -1. */
  scenarioKey: number;
  /** Tasks sent to the worker and not answered yet, in the order sent (the order it runs them). */
  unanswered: number[];
}

/** The worker itself died, rather than a replication failing. */
class WorkerDied extends Error {}

/**
 * Tasks a worker has been sent and not yet answered, at most. The second waits in the worker's
 * queue, so it starts the next replication as soon as one ends instead of after a round trip
 * through this thread (about a millisecond, against 15 ms for a replication of seed-defaults).
 */
const QUEUED_PER_WORKER = 2;

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
  private nextScenarioKey = 0;

  constructor(
    readonly size: number,
    private readonly spawn: Spawn,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a pool needs at least one worker, got ${size}`);
    this.slots = Array.from({ length: size }, () => ({ handle: null, scenarioKey: -1, unanswered: [] }));
  }

  async run(tasks: readonly ReplicationTask[], options: PoolRunOptions = {}): Promise<ReplicationResult[]> {
    if (this.closed) throw new Error('the worker pool is closed');
    const results: ReplicationResult[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    let progressSum = 0;
    let next = 0;
    let finished = 0;
    let failure: Error | null = null;
    let done = false;
    const advance = (index: number, fraction: number) => {
      progressSum += fraction - progress[index];
      progress[index] = fraction;
      // Summed as it goes rather than over every task at every report; exactly 1 when all are done.
      options.onProgress?.(finished === tasks.length ? 1 : Math.min(1, progressSum / tasks.length), finished);
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

    // Each scenario of this run gets a fresh key, and travels to a worker with the first of its
    // tasks that worker gets. Fresh per run, so a scenario edited between two runs is sent again.
    const keys = new Map<Scenario, number>();
    const wireTask = (slot: Slot, task: ReplicationTask): WireTask => {
      let scenarioKey = keys.get(task.scenario);
      if (scenarioKey === undefined) keys.set(task.scenario, (scenarioKey = this.nextScenarioKey++));
      const wire: WireTask = { scenarioKey, seed: task.seed, replication: task.replication };
      if (slot.scenarioKey !== scenarioKey) {
        // The worker runs its tasks in the order they were sent, so from here on it holds this one.
        wire.scenario = task.scenario;
        slot.scenarioKey = scenarioKey;
      }
      if (task.testHook !== undefined) wire.testHook = task.testHook;
      return wire;
    };

    // A lane sends one task at a time to its slot's worker; a slot has QUEUED_PER_WORKER lanes.
    const lane = async (s: number, queued: boolean): Promise<void> => {
      const slot = this.slots[s];
      while (failure === null && next < tasks.length) {
        // Near the end, a task queued behind another on one worker could leave a second worker
        // idle: the queueing lanes stop once fewer tasks remain than there are workers.
        if (queued && tasks.length - next < this.size) return;
        const index = next++;
        const task = tasks[index];
        if (!slot.handle) {
          slot.handle = this.spawn();
          slot.scenarioKey = -1;
          slot.unanswered = [];
        }
        const handle = slot.handle;
        try {
          // A progress channel costs a message port per task: only open one when someone listens.
          const onTaskProgress = options.onProgress
            ? Comlink.proxy((fraction: number) => {
                // Progress and results travel on different ports, so a late report can arrive after
                // the result: never move a task backwards, nor report once the run has stopped.
                if (failure !== null || done || fraction <= progress[index]) return;
                advance(index, fraction);
              })
            : undefined;
          slot.unanswered.push(index);
          const result = await Promise.race([
            handle.api.runReplication(wireTask(slot, task), onTaskProgress),
            handle.died.then((reason) => Promise.reject(new WorkerDied(reason))),
            stopped,
          ]);
          slot.unanswered.splice(slot.unanswered.indexOf(index), 1);
          results[index] = unpackResult(result);
          finished++;
          advance(index, 1);
        } catch (e) {
          // A dead worker fails every task it was sent; the one it was running is the oldest.
          const culprit = e instanceof WorkerDied ? tasks[slot.unanswered[0] ?? index] : task;
          // The first failure stops the others now: their work is lost with this run anyway.
          stop(e instanceof CancelledError ? e : new Error(`scenario "${culprit.scenario.name}", replication ${culprit.replication}: ${(e as Error).message}`));
        }
      }
    };
    // Every worker's first task before any worker's second, so a short run spreads over them all.
    const lanes: Array<Promise<void>> = [];
    for (let depth = 0; depth < QUEUED_PER_WORKER; depth++) {
      for (let s = 0; s < this.slots.length; s++) lanes.push(lane(s, depth > 0));
    }
    try {
      await Promise.all(lanes);
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
      slot.scenarioKey = -1;
      slot.unanswered = [];
    }
  }

  close(): void {
    this.closed = true;
    this.stopBusy();
  }
}
