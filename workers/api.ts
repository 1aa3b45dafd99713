import * as Comlink from 'comlink';
import type { Scenario } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';
import { packResult, type WireTask, type WorkerApi } from './protocol.js';

/**
 * The worker side, written once for both platforms: a browser Web Worker passes `self`, a Node
 * worker thread passes its parentPort wrapped by comlink's node adapter.
 */
export function workerApi(options: { testHooks: boolean; exit: () => void }): WorkerApi {
  // The pool sends a scenario once per run and then names it by key. A scenario equal to the one
  // held (the next run of the same experiment) keeps the object held, so the model reuses what it
  // derives from it (calendars, shift tables) across runs too.
  let held: { key: number; text: string; scenario: Scenario } | null = null;
  const scenarioOf = (task: WireTask): Scenario => {
    if (task.scenario) {
      const text = JSON.stringify(task.scenario);
      held = held?.text === text ? { ...held, key: task.scenarioKey } : { key: task.scenarioKey, text, scenario: task.scenario };
    }
    if (held?.key !== task.scenarioKey) throw new Error(`the worker was asked for scenario #${task.scenarioKey} without being sent it`);
    return held.scenario;
  };
  return {
    async runReplication(task: WireTask, onProgress?: (fraction: number) => void) {
      const scenario = scenarioOf(task);
      if (options.testHooks && task.testHook === 'exit') options.exit();
      if (options.testHooks && task.testHook === 'throw') throw new Error('test hook: a replication that throws');
      let reported = 0;
      const result = runReplication(scenario, task.seed, task.replication, {
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
      const wire = packResult(result);
      return Comlink.transfer(wire, [wire.numbers.buffer]);
    },
  };
}

export function exposeApi(endpoint: Comlink.Endpoint, options: { testHooks: boolean; exit: () => void }): void {
  Comlink.expose(workerApi(options), endpoint);
}
