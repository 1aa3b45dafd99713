import type { Scenario } from '../sim/model/scenario.js';
import type { ReplicationResult } from '../sim/replication.js';

/** One replication to run in a worker: everything it needs travels with it (structured clone). */
export interface ReplicationTask {
  scenario: Scenario;
  seed: number | string;
  replication: number;
  /**
   * Fault injection for the pool's tests: 'throw' raises inside the replication, 'exit' kills the
   * worker. Honoured only when the worker was started with test hooks enabled.
   */
  testHook?: 'throw' | 'exit';
}

/** What a worker exposes through comlink; the same object in a Web Worker and a worker thread. */
export interface WorkerApi {
  runReplication(task: ReplicationTask, onProgress?: (fraction: number) => void): Promise<ReplicationResult>;
}
