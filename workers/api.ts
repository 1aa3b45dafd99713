import * as Comlink from 'comlink';
import type { Scenario } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';
import type { ReplicationTask, WorkerApi } from './protocol.js';

/**
 * The worker side, written once for both platforms: a browser Web Worker passes `self`, a Node
 * worker thread passes its parentPort wrapped by comlink's node adapter.
 */
export function workerApi(options: { testHooks: boolean; exit: () => void }): WorkerApi {
  // Every task brings its own copy of the scenario; keeping one object per distinct scenario lets
  // the model reuse what it derives from it (calendars, shift tables) across replications.
  let last: { text: string; scenario: Scenario } | null = null;
  const sameScenario = (scenario: Scenario): Scenario => {
    const text = JSON.stringify(scenario);
    if (last?.text !== text) last = { text, scenario };
    return last.scenario;
  };
  return {
    async runReplication(task: ReplicationTask, onProgress?: (fraction: number) => void) {
      if (options.testHooks && task.testHook === 'exit') options.exit();
      if (options.testHooks && task.testHook === 'throw') throw new Error('test hook: a replication that throws');
      let reported = 0;
      return runReplication(sameScenario(task.scenario), task.seed, task.replication, {
        // A progress message a tenth of the way is plenty, and keeps the channel quiet.
        onProgress: onProgress
          ? (fraction) => {
              if (fraction - reported >= 0.1 || fraction >= 1) {
                reported = fraction;
                void onProgress(fraction);
              }
            }
          : undefined,
      });
    },
  };
}

export function exposeApi(endpoint: Comlink.Endpoint, options: { testHooks: boolean; exit: () => void }): void {
  Comlink.expose(workerApi(options), endpoint);
}
